package dev.graft.core.cli;

import dev.graft.core.tokenize.train.Progress;
import dev.graft.core.tokenize.train.TokenizerTrainer;
import dev.graft.core.tokenize.train.TrainRequest;
import dev.graft.core.tokenize.train.TrainResult;
import dev.graft.core.tokenize.train.TrainerType;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code graft tokenizer train}: learn a vocabulary and write tokenizer.json. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {
            "Learn a tokenizer from UTF-8 text files and write DIR/tokenizer.json and DIR/tokenizer_config.json, which Hugging Face's tokenizers and transformers load unchanged.",
            "",
            "wordpiece: BERT style. [PAD] [UNK] [CLS] [SEP] [MASK] take ids 0-4; text is cleaned (and with --lowercase / --strip-accents lower-cased, accents removed), split on whitespace and punctuation, and words are cut into pieces continued with '##'; pairs encode as [CLS] a [SEP] b [SEP] with type ids 0/1.",
            "",
            "bpe: GPT-2 style byte-level BPE. Text is kept as is, split by GPT-2's pattern and written as bytes, so no text is ever unknown; <|endoftext|> takes id 0; no special tokens are added when encoding.",
            "",
            "Progress goes to standard error (none with --quiet); a summary line to standard output."
        })
public final class TokenizerTrainCommand implements Callable<Integer> {
    @Option(names = "--type", required = true, paramLabel = "wordpiece|bpe", converter = TypeConverter.class,
            description = "Tokenizer to train.")
    TrainerType type;

    @Option(names = "--vocab-size", required = true, paramLabel = "N",
            description = "Vocabulary size, special tokens and alphabet included (e.g. 30522 for BERT, 50257 for GPT-2).")
    int vocabSize;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE", description = "Text files to learn from, read line by line.")
    List<Path> inputs;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory to write into (created if needed).")
    Path output;

    @Option(names = "--lowercase", description = "wordpiece: lower-case the text (an 'uncased' model).")
    boolean lowercase;

    @Option(names = "--strip-accents", description = "wordpiece: remove accents (NFD, then drop combining marks).")
    boolean stripAccents;

    @Option(names = "--min-frequency", defaultValue = "2", paramLabel = "N",
            description = "Stop merging when the most frequent pair occurs fewer than N times. Default: ${DEFAULT-VALUE}.")
    int minFrequency;

    @Option(names = "--max-length", paramLabel = "N",
            description = "model_max_length to record in tokenizer_config.json. Default: 512 for wordpiece, 1024 for bpe.")
    Integer maxLength;

    @Option(names = "--threads", paramLabel = "N", description = "Threads that read and split the text. Default: all cores.")
    Integer threads;

    @Option(names = "--quiet", description = "No progress lines; the summary still goes to standard output.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Full stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() {
        TrainRequest request = new TrainRequest(type, vocabSize, inputs, output, lowercase, stripAccents, minFrequency,
                maxLength == null ? type.defaultMaxLength() : maxLength,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        TrainResult r = TokenizerTrainer.run(request,
                quiet ? Progress.NONE : new ConsoleProgress("graft tokenizer train", System.err));
        System.out.printf("%s: %d tokens (%d alphabet symbols, %d merges) from %d distinct words, %.1f MB in %d lines, "
                + "%.2f s -> %s%n", r.type().cliName(), r.vocabSize(), r.alphabetSize(), r.merges(), r.distinctWords(),
                r.bytes() / 1048576.0, r.lines(), r.seconds(), r.tokenizerJson());
        if (r.vocabSize() < vocabSize) {
            System.err.printf("graft tokenizer train: stopped at %d tokens: no pair occurs %d times or more "
                    + "(lower --min-frequency or give more text)%n", r.vocabSize(), minFrequency);
        }
        return 0;
    }

    /** Accepts the type names in any case. */
    static final class TypeConverter implements ITypeConverter<TrainerType> {
        @Override
        public TrainerType convert(String value) {
            try {
                return TrainerType.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
