# From transformers 4.57.1, transformers/modeling_utils.py (Apache-2.0): its lines 2652-2664 verbatim under their class and method headers. Its FA2 fallback is a method's if, not a constant.
class PreTrainedModel:
    def _check_and_adjust_attn_implementation(self, attn_implementation, is_init_check=False):

        # If FA not installed, do not fail but use kernels instead
        if (
            attn_implementation is not None
            and attn_implementation.startswith("flash_attention")
            and self._supports_flash_attn
            and not (is_flash_attn_2_available() or is_flash_attn_3_available())
            and is_kernels_available()
        ):
            if attn_implementation.endswith("2"):
                applicable_attn_implementation = "kernels-community/flash-attn"
            else:
                applicable_attn_implementation = "kernels-community/vllm-flash-attn3"
