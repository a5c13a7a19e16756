# Verbatim from transformers 5.24.0, transformers/utils/import_utils.py (Apache-2.0): the statements the reader evaluates.
KERNELS_MIN_VERSION = "0.18.2"

KERNELS_MAX_VERSION = "0.19.0"
