/// The reader of what transformers' own source says about its hub-kernel fallback, in Python, run inside the
/// target's probe so that the facts come from the transformers that Python would import.
///
/// Why this shape: the constants are evaluated with Python's `ast`, never matched with a pattern, so a conditional,
/// a name assigned first, a `dict(...)` call or a function that returns the map all read the same. Why not the
/// whole module through `ast.parse`, nor an import: measured on transformers 5.25.0 here, parsing
/// modeling_utils.py takes 129 ms and utils/import_utils.py 47 ms, and importing transformers takes seconds and
/// can fail for reasons that have nothing to do with the fallback. So each constant's top-level statement is found
/// in the text (a line that starts with `NAME =`, `NAME: T =` or `def NAME(`), cut at the next top-level line, and
/// only that statement is parsed: 1.4 to 3 ms for 5.10 on, 9 ms for 5.0 (measured here, warm file cache). A constant that is named in the source but not in a shape
/// this evaluator knows is **unknown**, never **absent**; absent means the source does not name the fallback at all.
public enum TransformersSourceReader {
    /// The files, relative to the transformers package, where releases from 5.0 on define the constants: 5.0-5.9 in
    /// modeling_utils.py, 5.10 on in modeling_flash_attention_utils.py; the kernels window in utils/import_utils.py.
    public static let fallbackFiles = [
        "modeling_flash_attention_utils.py", "modeling_utils.py", "integrations/hub_kernels.py",
    ]
    public static let windowFile = "utils/import_utils.py"

    /// Python 3.6 and up (the probe runs on old interpreters too); defines `read_transformers_source(folder, torch)`.
    public static let python = #"""
import ast as _ast
import re as _re

class _Unknown(object):
    """A value the evaluator could not decide, with every value it could be where that is known."""
    def __init__(self, why, branches=None):
        self.why = why
        self.branches = branches or []

def _release_tuple(text):
    numbers = []
    for part in _re.split(r"[.+]", str(text)):
        match = _re.match(r"\d+", part)
        if not match:
            break
        numbers.append(int(match.group(0)))
    return tuple(numbers)

class _SourceEvaluator(object):
    """Evaluates the literal structure of top-level statements of a few files, with the predicates transformers
    uses in them decided for this interpreter's torch."""
    def __init__(self, texts, torch):
        self.texts = texts          # {relative path: source text}
        self.torch = torch          # the probe's torch facts, or None
        self.cache = {}
        self.depth = 0

    def statement(self, name):
        """The first top-level statement that binds `name`, parsed alone, with the file it is in."""
        pattern = _re.compile(r"^(?:%s\s*(?::[^=\n]*)?=(?!=)|def\s+%s\s*\()" % (_re.escape(name), _re.escape(name)), _re.M)
        for rel in sorted(self.texts, key=lambda r: READ_ORDER.index(r) if r in READ_ORDER else 99):
            text = self.texts[rel]
            found = pattern.search(text)
            if not found:
                continue
            lines = text[found.start():].split("\n")
            chunk = [lines[0]]
            for line in lines[1:]:
                if line and not line[0].isspace() and line[0] not in ")]}#":
                    break
                chunk.append(line)
            try:
                tree = _ast.parse("\n".join(chunk))
            except SyntaxError as exc:
                return None, rel, "the statement that defines %s in %s does not parse alone (%s)" % (name, rel, exc.msg)
            if tree.body:
                return tree.body[0], rel, None
        return None, None, None

    def value_of(self, name):
        if name in self.cache:
            return self.cache[name]
        node, rel, why = self.statement(name)
        if node is None:
            value = _Unknown(why or "%s is not defined at the top level of the files read" % name)
        elif isinstance(node, (_ast.Assign, getattr(_ast, "AnnAssign", _ast.Assign))) and getattr(node, "value", None) is not None:
            value = self.evaluate(node.value)
        elif isinstance(node, _ast.FunctionDef):
            value = _Unknown("%s is a function" % name)
            value.function = node
        else:
            value = _Unknown("%s is bound by a %s statement" % (name, type(node).__name__))
        self.cache[name] = value
        return value

    def evaluate(self, node):
        self.depth += 1
        try:
            if self.depth > 40:
                return _Unknown("nested too deeply")
            return self._evaluate(node)
        finally:
            self.depth -= 1

    def _evaluate(self, node):
        constant = getattr(_ast, "Constant", None)
        if constant is not None and isinstance(node, constant):
            return node.value
        for legacy, field in (("Str", "s"), ("Num", "n"), ("NameConstant", "value")):
            kind = getattr(_ast, legacy, None)
            if kind is not None and constant is None and isinstance(node, kind):
                return getattr(node, field)
        if isinstance(node, _ast.Dict):
            out = {}
            for key, value in zip(node.keys, node.values):
                if key is None:
                    merged = self.evaluate(value)
                    if not isinstance(merged, dict):
                        return _Unknown("a ** entry that is not a literal map")
                    out.update(merged)
                    continue
                k = self.evaluate(key)
                if not isinstance(k, str):
                    return _Unknown("a key that is not a string")
                out[k] = self.evaluate(value)
            return out
        if isinstance(node, (_ast.Tuple, _ast.List)):
            items = [self.evaluate(e) for e in node.elts]
            return tuple(items) if isinstance(node, _ast.Tuple) else items
        if isinstance(node, _ast.Name):
            if node.id in ("True", "False", "None"):
                return {"True": True, "False": False, "None": None}[node.id]
            return self.value_of(node.id)
        if isinstance(node, _ast.IfExp):
            test = self.evaluate(node.test)
            if isinstance(test, bool):
                return self.evaluate(node.body if test else node.orelse)
            body, orelse = self.evaluate(node.body), self.evaluate(node.orelse)
            if body == orelse and not isinstance(body, _Unknown):
                return body
            why = test.why if isinstance(test, _Unknown) else "a condition that is not a truth value"
            return _Unknown("chosen by %s" % why, [body, orelse])
        if isinstance(node, _ast.UnaryOp) and isinstance(node.op, _ast.Not):
            value = self.evaluate(node.operand)
            return (not value) if isinstance(value, bool) else _Unknown("not of an unknown")
        if isinstance(node, _ast.BoolOp):
            values = [self.evaluate(v) for v in node.values]
            if all(isinstance(v, bool) for v in values):
                return all(values) if isinstance(node.op, _ast.And) else any(values)
            return _Unknown("a condition on something unknown")
        if isinstance(node, _ast.Call):
            return self.call(node)
        return _Unknown("a %s expression" % type(node).__name__)

    def call(self, node):
        name = node.func.id if isinstance(node.func, _ast.Name) else getattr(node.func, "attr", None)
        args = [self.evaluate(a) for a in node.args]
        kwargs = dict((k.arg, self.evaluate(k.value)) for k in node.keywords if k.arg)
        torch = self.torch
        if name == "dict":
            out = {}
            if args:
                if len(args) != 1 or not isinstance(args[0], (dict, list, tuple)):
                    return _Unknown("dict() of something that is not literal")
                try:
                    out.update(args[0])
                except (TypeError, ValueError):
                    return _Unknown("dict() of something that is not pairs")
            for keyword in node.keywords:
                value = self.evaluate(keyword.value)
                if keyword.arg is not None:
                    out[keyword.arg] = value
                elif isinstance(value, dict):
                    out.update(value)
                else:
                    return _Unknown("dict(**...) of something that is not a literal map")
            return out
        if name == "is_rocm_platform":
            return bool(torch and torch.get("hip"))
        if name in ("is_torch_available",):
            return torch is not None
        if name in ("is_torch_cuda_available",):
            return bool(torch and torch.get("cuda"))
        if name in ("is_torch_greater_or_equal", "is_torch_less_or_equal", "is_torch_greater_than") and args:
            if torch is None:
                return False
            mine, wanted = _release_tuple(torch.get("version") or ""), _release_tuple(args[0])
            if not mine or not wanted:
                return _Unknown("%s(%r) with an unreadable torch version" % (name, args[0]))
            if name == "is_torch_greater_or_equal":
                return mine[:len(wanted)] >= wanted
            if name == "is_torch_greater_than":
                return mine[:len(wanted)] > wanted
            return mine[:len(wanted)] <= wanted
        if name:
            function = self.value_of(name)
            body = getattr(function, "function", None)
            if body is not None and not node.args and not node.keywords:
                returns = [s for s in body.body if isinstance(s, _ast.Return)]
                others = [s for s in body.body if not isinstance(s, (_ast.Return, _ast.Expr))]
                if len(returns) == 1 and not others and returns[0].value is not None:
                    return self.evaluate(returns[0].value)
                return _Unknown("%s() does more than return a literal" % name)
        return _Unknown("a call of %s()" % (name or "an expression"))

READ_ORDER = ["modeling_flash_attention_utils.py", "modeling_utils.py", "integrations/hub_kernels.py", "utils/import_utils.py"]

def _json_value(value):
    """A value as JSON: an unknown becomes null (the entry says why)."""
    if isinstance(value, _Unknown):
        return None
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value

def _repos_of(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, _Unknown):
        out = []
        for b in value.branches:
            out += [r for r in _repos_of(b) if r not in out]
        return out
    return []

def read_transformers_source(folder, torch):
    """transformers' fallback map (every implementation it names), the kernel version asked for each repository,
    the devices each is built for, and the kernels window its is_kernels_available() enforces."""
    texts = {}
    for rel in READ_ORDER:
        # 5.10 on define everything in the first file: the larger ones are read only where it does not.
        if rel in READ_ORDER[1:3] and _re.search(r"^FLASH_ATTN_KERNEL_FALLBACK\b", texts.get(READ_ORDER[0], ""), _re.M):
            continue
        try:
            with open(os.path.join(folder, *rel.split("/")), encoding="utf-8", errors="replace") as f:
                texts[rel] = f.read()
        except (OSError, IOError):
            pass
    fallback = {"state": "unknown", "file": None, "entries": [], "reason": None}
    window = {"minimum": None, "below": None, "file": None}
    evaluator = _SourceEvaluator(texts, torch)
    for key, name in (("minimum", "KERNELS_MIN_VERSION"), ("below", "KERNELS_MAX_VERSION")):
        if name in texts.get("utils/import_utils.py", ""):
            value = evaluator.value_of(name)
            if isinstance(value, str):
                window[key] = value
                window["file"] = "utils/import_utils.py"
    if not any(rel in texts for rel in READ_ORDER[:3]):
        fallback["reason"] = "none of %s could be read in %s" % (", ".join(READ_ORDER[:3]), folder)
        return fallback, window
    named = [rel for rel in READ_ORDER[:3] if "FLASH_ATTN_KERNEL_FALLBACK" in texts.get(rel, "")]
    if not named:
        mentions = [rel for rel in READ_ORDER[:3] if _re.search(r"kernels-community/[\w.-]*flash", texts.get(rel, ""))
                    and "is_kernels_available" in texts.get(rel, "")]
        if mentions:
            fallback["reason"] = "%s loads a flash kernel from the hub, but not through FLASH_ATTN_KERNEL_FALLBACK" % mentions[0]
        else:
            fallback["state"] = "absent"
            fallback["reason"] = "FLASH_ATTN_KERNEL_FALLBACK is not in %s" % ", ".join(r for r in READ_ORDER[:3] if r in texts)
        return fallback, window
    table = evaluator.value_of("FLASH_ATTN_KERNEL_FALLBACK")
    _, fallback["file"], _ = evaluator.statement("FLASH_ATTN_KERNEL_FALLBACK")
    if isinstance(table, _Unknown) or not isinstance(table, dict):
        fallback["reason"] = table.why if isinstance(table, _Unknown) else "FLASH_ATTN_KERNEL_FALLBACK is not a map"
        return fallback, window
    versions = evaluator.value_of("FLASH_ATTN_KERNEL_VERSIONS") if "FLASH_ATTN_KERNEL_VERSIONS" in "".join(texts.values()) else None
    devices = evaluator.value_of("FLASH_ATTN_KERNEL_DEVICES") if "FLASH_ATTN_KERNEL_DEVICES" in "".join(texts.values()) else None
    fallback["state"] = "read"
    for implementation in sorted(table):
        value = table[implementation]
        entry = {"implementation": implementation, "repo": value if isinstance(value, str) else None,
                 "branches": _repos_of(value), "version": None, "versionSource": "unknown", "devices": None,
                 "note": value.why if isinstance(value, _Unknown) else None}
        repo = entry["repo"]
        if versions is None:
            # Before FLASH_ATTN_KERNEL_VERSIONS (5.0-5.17) get_kernel is called with no version: the main branch.
            entry["versionSource"] = "main"
        elif isinstance(versions, dict) and repo is not None:
            asked = versions.get(repo, 1)
            if isinstance(asked, bool) or not isinstance(asked, int):
                entry["note"] = "the version for %s: %s" % (repo, asked.why if isinstance(asked, _Unknown) else "not a number")
            else:
                entry["version"] = asked
                entry["versionSource"] = "read" if repo in versions else "default"
        elif isinstance(versions, _Unknown):
            entry["note"] = "FLASH_ATTN_KERNEL_VERSIONS: %s" % versions.why
        if isinstance(devices, dict) and repo is not None and repo in devices:
            listed = devices[repo]
            entry["devices"] = [d for d in listed if isinstance(d, str)] if isinstance(listed, (list, tuple)) else None
        fallback["entries"].append(entry)
    return fallback, window
"""#
}
