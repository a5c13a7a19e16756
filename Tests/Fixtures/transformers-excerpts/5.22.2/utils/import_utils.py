# Verbatim from transformers 5.22.2, transformers/utils/import_utils.py (Apache-2.0): the statements the reader evaluates.
KERNELS_MIN_VERSION = "0.17.2"

KERNELS_MAX_VERSION = "0.18.0"
