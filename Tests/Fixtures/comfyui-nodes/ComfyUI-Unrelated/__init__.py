# Test fixture: a node with no attention choice at all.
NODE_CLASS_MAPPINGS = {"Upscale": object}
