package dev.graft.core.peft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configs refuse bad values when built; targets a model lacks are named with what it has. */
class PeftConfigTest {

    @Test
    void loraValuesAreChecked() {
        assertThatThrownBy(() -> new LoraConfig(0, 8f, 0f, List.of("query"), false, false))
                .hasMessage("LoRA rank must be > 0, got 0");
        assertThatThrownBy(() -> new LoraConfig(4, 0f, 0f, List.of("query"), false, false))
                .hasMessage("LoRA alpha must be > 0, got 0.0");
        assertThatThrownBy(() -> new LoraConfig(4, 8f, 1f, List.of("query"), false, false))
                .hasMessage("LoRA dropout must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new LoraConfig(4, 8f, 0f, List.of(), false, false))
                .hasMessageContaining("LoRA needs at least one target module");
        assertThatThrownBy(() -> new LoraConfig(4, 8f, 0f, List.of(" "), false, false))
                .hasMessageContaining("must not be blank");
        assertThat(new LoraConfig(4, 8f, 0f, List.of("q"), false, false).scaling()).isEqualTo(2f);
        assertThat(new LoraConfig(4, 8f, 0f, List.of("q"), true, false).scaling()).isEqualTo(4f);
    }

    @Test
    void otherMethodsAreChecked() {
        assertThatThrownBy(() -> new BottleneckConfig(BottleneckConfig.Placement.HOULSBY, 0, false))
                .hasMessage("bottleneck reduction factor must be >= 1, got 0");
        assertThatThrownBy(() -> new PrefixConfig(0, false, 0, false))
                .hasMessage("prefix tuning needs num_virtual_tokens > 0, got 0");
        assertThatThrownBy(() -> new PrefixConfig(4, true, 0, false))
                .hasMessage("the prefix projection needs a hidden size > 0, got 0");
        assertThatThrownBy(() -> PromptConfig.random(0)).hasMessage("prompt tuning needs num_virtual_tokens > 0, got 0");
        assertThatThrownBy(() -> new PromptConfig(4, PromptConfig.Init.TEXT, null, 0, false))
                .hasMessage("prompt tuning init TEXT needs the text's token ids, got none");
        assertThatThrownBy(() -> new Ia3Config(List.of("key"), List.of("ffn_out"), false))
                .hasMessage("IA3 feed-forward target 'ffn_out' must also be a target; targets are [key]");
    }

    @Test
    void aTargetTheModelLacksIsNamedWithWhatItHas() {
        try (PretrainedEncoder bert = PeftTesting.bert()) {
            assertThatThrownBy(() -> Peft.apply(bert.model(), new LoraConfig(4, 8f, 0f, List.of("query", "c_attn"), false, false), "default"))
                    .hasMessageContaining("LoRA target 'c_attn' is not in the model")
                    .hasMessageContaining("[query, key, value, attention_output, ffn_in, ffn_out, word_embeddings]")
                    .hasMessageContaining("module names [dense, key, query, value, word_embeddings]");
            assertThatThrownBy(() -> Peft.apply(bert.model(), LoraConfig.of(4, 8f, Target.FUSED_QKV), "default"))
                    .hasMessageContaining("LoRA target 'fused_qkv' is not in the model");
        }
        try (PretrainedGpt2 gpt2 = PeftTesting.gpt2()) {
            assertThatThrownBy(() -> Peft.apply(gpt2.model(), LoraConfig.of(4, 8f, Target.QUERY), "default"))
                    .hasMessageContaining("target 'query' is not in the model; it has targets [fused_qkv, attention_output, ffn_in, ffn_out,"
                            + " word_embeddings]")
                    .hasMessageContaining("[c_attn, c_fc, c_proj, wte]");
            assertThatThrownBy(() -> Peft.apply(gpt2.model(), LoraConfig.of(4, 8f, Target.QUERY).withTrainHead(true), "default"))
                    .hasMessageContaining("trainHead was asked but the model has no classifier head");
        }
    }

    @Test
    void hfNamesResolveByModulePathSuffix() {
        try (PretrainedEncoder bert = PeftTesting.bert()) {
            Peft.apply(bert.model(), new LoraConfig(2, 2f, 0f, List.of("attention.output.dense", "intermediate.dense"), false, false), "a");
            assertThat(Peft.wrappers(bert.model())).hasSize(2 * 2);
            assertThatThrownBy(() -> Peft.apply(bert.model(), LoraConfig.of(2, 2f, Target.QUERY), "a"))
                    .hasMessageContaining("an adapter called 'a' is already attached");
            assertThatThrownBy(() -> Peft.apply(bert.model(), LoraConfig.of(2, 2f, Target.QUERY), "a.b"))
                    .hasMessageContaining("adapter name must be non-blank without dots");
        }
    }
}
