package dev.graft.finetune;

import dev.graft.core.nn.ParameterValues;
import dev.graft.core.nn.Scalars;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import dev.graft.core.model.encoder.ClassificationHead;
import dev.graft.core.model.encoder.EncoderModel;
import dev.graft.core.model.encoder.EncoderOutput;
import dev.graft.core.model.encoder.HeadStyle;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.nn.GraftBlock;
import dev.graft.core.nn.Linear;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.peft.TrainableParameters;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code --method features}: the frozen encoder embeds every train and dev pair once, then a classifier
 * is trained on the cached embeddings with the engine's AdamW, learning-rate schedule and clipping.
 * With CLS pooling the classifier is the model's own head (for BERT a logistic regression on the pooler
 * output), written back into the model so {@code best/} is a plain HF checkpoint; with mean pooling it
 * is a linear softmax layer on the masked mean of the last hidden states, saved by {@link FeatureHeadFile}.
 *
 * <p>The encoder runs once, so epochs cost almost nothing; the run keeps no checkpoints.
 */
final class FeatureTraining {
    private FeatureTraining() {}

    /** Cached embeddings: (N, H) row-major, with the model's class of each row, in the source's order. */
    record Features(float[] values, long[] labels, int hiddenSize) {
        int size() {
            return labels.length;
        }

        /** Rows {@code rows} as a (B, H) array. */
        NDArray rows(NDManager m, int[] rows) {
            float[] out = new float[rows.length * hiddenSize];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(values, rows[i] * hiddenSize, out, i * hiddenSize, hiddenSize);
            }
            return m.create(out, new Shape(rows.length, hiddenSize));
        }
    }

    /** What the classifier reads, for every pair of {@code source} (epoch 0, in order); dropout off. */
    static Features embed(EncoderModel model, NDManager manager, BatchSource source, MethodOptions.Pooling pooling) {
        int h = (int) model.spec().layer().hiddenSize();
        List<float[]> chunks = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        for (TrainBatch b : source.epoch(0, 0)) {
            try (NDManager scope = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(scope, false);
                NDArray mask = b.maskArray(scope);
                EncoderOutput out = model.apply(ps, b.idsArray(scope), mask, b.typesArray(scope), false);
                chunks.add(pool(model, out, mask, pooling).toFloatArray()); // (B, H)
                Arrays.stream(b.labels()).forEach(labels::add);
            }
        }
        float[] values = new float[labels.size() * h];
        int at = 0;
        for (float[] c : chunks) {
            System.arraycopy(c, 0, values, at, c.length);
            at += c.length;
        }
        return new Features(values, labels.stream().mapToLong(Long::longValue).toArray(), h);
    }

    /** (B, H): CLS as the model's classifier reads it, or the mean over real tokens. */
    static NDArray pool(EncoderModel model, EncoderOutput out, NDArray mask, MethodOptions.Pooling pooling) {
        NDArray hidden = out.lastHiddenState(); // (B, T, H)
        if (pooling == MethodOptions.Pooling.CLS) {
            return model.spec().headStyle() == HeadStyle.BERT ? out.poolerOutput() : hidden.get(new NDIndex(":, 0, :"));
        }
        NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(-1); // (B, T, 1)
        return hidden.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1})); // (B, H)
    }

    /** The classifier trained on the features: the model's head, or a fresh linear layer. */
    private interface Head {
        NDArray logits(ParameterStore ps, NDArray features, boolean training); // (B, H) → (B, C)

        GraftBlock block();

        String prefix();
    }

    static FinetuneResult run(FinetuneConfig config, FeaturesMethod method, PretrainedEncoder encoder,
            BatchSource train, BatchSource dev, PrintStream log, long start) {
        EncoderModel model = encoder.model();
        Head head = head(model, method.pooling(), encoder.manager());
        List<TrainableParameter> params = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : ParameterPaths.of(head.block()).entrySet()) {
            params.add(TrainableParameter.of(head.prefix() + e.getKey(), e.getValue()));
        }
        long trainable = params.stream().mapToLong(TrainableParameter::size).sum();
        long total = TrainableParameters.of(model).total() + (head.prefix().equals("classifier.") ? 0 : trainable);
        FinetuneJob.printTrainable(log, method.name(), trainable, total);

        long t0 = System.nanoTime();
        Features trainSet = embed(model, encoder.manager(), train, method.pooling());
        Features devSet = embed(model, encoder.manager(), dev, method.pooling());
        log.printf(java.util.Locale.ROOT, "features: %d train and %d dev pairs embedded once (%s pooling) in %.1f s%n",
                trainSet.size(), devSet.size(), method.pooling().name().toLowerCase(java.util.Locale.ROOT),
                (System.nanoTime() - t0) / 1e9);
        FinetuneJob.createDirectories(config.out());
        Loop loop = new Loop(config, method, encoder, head, params, trainSet, devSet);
        try (MetricsLog metrics = new MetricsLog(config.out().resolve("metrics.jsonl"), -1)) {
            loop.run(metrics);
            TrainingPlot.write(metrics.records(), config.out().resolve("training.png"));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        FinetuneResult result = new FinetuneResult(method.name(), trainable, total, loop.step, 0, loop.bestAccuracy,
                loop.bestStep, loop.stopped, 0, seconds, config.out(), List.copyOf(loop.losses));
        FinetuneJob.writeRunJson(result, config, config.out());
        return result;
    }

    private static Head head(EncoderModel model, MethodOptions.Pooling pooling, NDManager manager) {
        if (pooling == MethodOptions.Pooling.CLS) {
            ClassificationHead classifier = model.getChildren().values().stream()
                    .filter(b -> b instanceof ClassificationHead).map(b -> (ClassificationHead) b).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("method features: the model has no classification head"));
            classifier.freezeParameters(false);
            return new Head() {
                @Override
                public NDArray logits(ParameterStore ps, NDArray x, boolean training) {
                    return classifier.apply(ps, x.expandDims(1), x, training); // BERT reads x as pooled, others as token 0
                }

                @Override
                public GraftBlock block() {
                    return classifier;
                }

                @Override
                public String prefix() {
                    return "classifier.";
                }
            };
        }
        long h = model.spec().layer().hiddenSize();
        Linear linear = new Linear(h, model.spec().numLabels());
        linear.weight().setInitializer(Initializer.ZEROS); // logistic regression: convex, no draw needed
        linear.initialize(manager, DataType.FLOAT32, new Shape(1, h));
        return new Head() {
            @Override
            public NDArray logits(ParameterStore ps, NDArray x, boolean training) {
                return linear.apply(ps, x, training);
            }

            @Override
            public GraftBlock block() {
                return linear;
            }

            @Override
            public String prefix() {
                return "features_head.";
            }
        };
    }

    /** The optimisation over cached features, with the engine's evaluation, best-model and patience rules. */
    private static final class Loop {
        private final FinetuneConfig config;
        private final FeaturesMethod method;
        private final PretrainedEncoder encoder;
        private final Head head;
        private final List<TrainableParameter> params;
        private final Features train;
        private final Features dev;
        private final AdamW optimizer;
        final List<Double> losses = new ArrayList<>();
        long step;
        long bestStep;
        double bestMetric = Double.NaN;
        double bestAccuracy = Double.NaN;
        boolean stopped;
        private int evalsWithoutGain;

        Loop(FinetuneConfig config, FeaturesMethod method, PretrainedEncoder encoder, Head head,
                List<TrainableParameter> params, Features train, Features dev) {
            this.config = config;
            this.method = method;
            this.encoder = encoder;
            this.head = head;
            this.params = params;
            this.train = train;
            this.dev = dev;
            this.optimizer = AdamW.withDecay(config.weightDecay());
        }

        void run(MetricsLog metrics) {
            int n = train.size();
            int batch = config.batchSize();
            int perEpoch = (n + batch - 1) / batch;
            long total = (long) perEpoch * config.epochs();
            LrSchedule schedule = new LrSchedule(config.schedule(), config.lr(), config.warmup(), (int) total);
            for (int epoch = 0; epoch < config.epochs() && !stopped; epoch++) {
                int[] order = permutation(n, config.seed() + epoch);
                for (int b = 0; b < perEpoch && !stopped; b++) {
                    int[] rows = Arrays.copyOfRange(order, b * batch, Math.min(n, (b + 1) * batch));
                    step++;
                    long t0 = System.nanoTime();
                    double lr = schedule.lr(step);
                    double[] lossAndNorm = step(rows, lr);
                    losses.add(lossAndNorm[0]);
                    double seconds = Math.max((System.nanoTime() - t0) / 1e9, 1e-9);
                    metrics.onStep(new TrainListener.StepRecord(step, epoch, lossAndNorm[0], lr, lossAndNorm[1],
                            rows.length, rows.length / seconds, step % config.logEvery() == 0, false, total));
                    boolean epochEnd = b == perEpoch - 1;
                    if (config.evalEvery() > 0 ? step % config.evalEvery() == 0 : epochEnd) {
                        evaluate(metrics, epoch);
                    }
                }
            }
        }

        /** One AdamW step on {@code rows}; returns the mean loss and the gradient norm before clipping. */
        private double[] step(int[] rows, double lr) {
            Engine.getInstance().setRandomSeed((int) (config.seed() + step)); // the head's dropout
            double loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                    NDManager scope = encoder.manager().newSubManager()) {
                ParameterStore ps = new ParameterStore(scope, false);
                NDArray logits = head.logits(ps, train.rows(scope, rows), true);
                long[] y = new long[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    y[i] = train.labels()[rows[i]];
                }
                NDArray l = Scalars.div(crossEntropySum(logits, scope.create(y)), (float) rows.length);
                loss = l.getFloat();
                if (!Double.isFinite(loss)) {
                    throw new NonFiniteLossException(step, loss, Double.NaN);
                }
                collector.backward(l);
            }
            double norm = GradClip.globalNorm(params);
            if (!Double.isFinite(norm)) {
                throw new NonFiniteLossException(step, loss, norm, GradClip.nonFinite(params, 5));
            }
            optimizer.step(params, lr, GradClip.coefficient(norm, config.clipNorm()));
            for (TrainableParameter p : params) {
                ParameterValues.zeroGradient(p.array()); // libtorch's zero_: DJL's set(NDIndex, 0f) leaks a scalar per call
            }
            return new double[] {loss, norm};
        }

        /** Dev loss and accuracy in the dev source's batches (so a reload computes the same numbers). */
        private void evaluate(MetricsLog metrics, int epoch) {
            double lossSum = 0;
            long correct = 0;
            int n = dev.size();
            for (int from = 0; from < n; from += config.batchSize()) {
                int[] rows = java.util.stream.IntStream.range(from, Math.min(n, from + config.batchSize())).toArray();
                try (NDManager scope = encoder.manager().newSubManager()) {
                    NDArray logits = head.logits(new ParameterStore(scope, false), dev.rows(scope, rows), false);
                    NDArray labels = scope.create(Arrays.copyOfRange(dev.labels(), from, from + rows.length));
                    lossSum += crossEntropySum(logits, labels).getFloat();
                    correct += logits.argMax(1).eq(labels).sum().getLong();
                }
            }
            double loss = lossSum / n;
            double accuracy = (double) correct / n;
            TrainListener.EvalRecord rec = new TrainListener.EvalRecord(step, epoch, loss, accuracy, n);
            metrics.onEval(rec);
            double value = config.metric() == TrainerOptions.StopMetric.ACCURACY ? accuracy : loss;
            if (config.metric().better(value, bestMetric)) {
                bestMetric = value;
                bestAccuracy = accuracy;
                bestStep = step;
                evalsWithoutGain = 0;
                saveBest();
            } else {
                evalsWithoutGain++;
                stopped = config.patience() > 0 && evalsWithoutGain >= config.patience();
            }
        }

        private void saveBest() {
            if (head.block() instanceof Linear linear) {
                ModelOutputs.replace(config.out().resolve("best"),
                        dir -> FeatureHeadFile.write(dir, linear, method.pooling(), config.model(), encoder.config()));
            } else {
                ModelOutputs.saveBest(encoder, method, config, config.out());
            }
        }
    }

    /** Summed cross-entropy, (scalar): {@code -Σ log softmax(logits)[y]}. */
    static NDArray crossEntropySum(NDArray logits, NDArray labels) {
        NDArray logp = logits.logSoftmax(1); // (B, C)
        return logp.mul(labels.oneHot((int) logits.getShape().get(1))).sum().neg();
    }

    /** A seeded permutation of 0 … n−1 (Fisher–Yates), the same on every JVM. */
    static int[] permutation(int n, long seed) {
        int[] out = java.util.stream.IntStream.range(0, n).toArray();
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }
}
