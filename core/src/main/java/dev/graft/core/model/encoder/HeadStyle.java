package dev.graft.core.model.encoder;

/** The sequence-classification head each family ships with. */
public enum HeadStyle {
    /** BERT: dropout then {@code classifier} over the pooler output. */
    BERT,
    /** RoBERTa: {@code out_proj(drop(tanh(dense(drop(h[:, 0])))))}. */
    ROBERTA,
    /** DistilBERT: {@code classifier(drop(relu(pre_classifier(h[:, 0]))))}. */
    DISTILBERT
}
