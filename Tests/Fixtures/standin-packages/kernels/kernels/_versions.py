def select_revision_or_version(repo_id, *, revision, version, local_files_only):
    # As kernels 0.17: every argument by keyword, and a version resolved to the commit its branch points at.
    if revision is not None and version is not None:
        raise ValueError("Only one of `revision` or `version` must be specified.")
    if revision is not None:
        return revision
    if version is None:
        raise ValueError("Either `revision` or `version` must be specified.")
    import hashlib
    return hashlib.sha1((repo_id + "v%d" % version).encode()).hexdigest()
