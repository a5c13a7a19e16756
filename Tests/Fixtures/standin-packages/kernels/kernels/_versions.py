def select_revision_or_version(repo_id, revision=None, version=None, local_files_only=False):
    if revision is not None and version is not None:
        raise ValueError("Only one of `revision` or `version` can be specified.")
    if revision is not None:
        return revision
    if version is None:
        raise ValueError("Either `revision` or `version` must be specified.")
    return "v%d" % version
