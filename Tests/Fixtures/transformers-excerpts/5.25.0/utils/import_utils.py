# Verbatim from transformers 5.25.0, transformers/utils/import_utils.py (Apache-2.0): the statements the reader evaluates.
KERNELS_MIN_VERSION = "0.19.1"

KERNELS_MAX_VERSION = "0.20.0"
