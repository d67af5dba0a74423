package org.recsae.runtime.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.recsae.runtime.graph.SessionGraph;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.RuntimeFailureException;
import org.recsae.spi.graph.ElementType;
import org.recsae.spi.graph.TensorShape;
import org.recsae.spi.graph.TensorSpec;

/**
 * One ONNX Runtime session over an in-memory model. Owns the native session and closes it; using it after
 * {@link #close()} fails. Errors name the model and the inputs that were fed.
 */
public final class OrtModel implements AutoCloseable {
    private static volatile boolean nativeLoaded;

    private final String label;
    private final OrtSession session;
    private volatile boolean closed;

    private OrtModel(String label, OrtSession session) {
        this.label = label;
        this.session = session;
    }

    /**
     * @param label how errors name this model, e.g. the file path plus "(tapped)"
     * @param threads intra-op threads; 0 lets ONNX Runtime choose
     */
    public static OrtModel load(byte[] model, String label, int threads) {
        return load(model, label, threads, false);
    }

    /** @param cuda run on the first GPU through ONNX Runtime's CUDA execution provider */
    public static OrtModel load(byte[] model, String label, int threads, boolean cuda) {
        return load(SessionGraph.inline(model), label, threads, cuda);
    }

    public static OrtModel load(SessionGraph graph, String label, int threads) {
        return load(graph, label, threads, false);
    }

    /** A graph whose weights may be read from files in its data folder (the model's own, or external data). */
    public static OrtModel load(SessionGraph graph, String label, int threads, boolean cuda) {
        try {
            OrtEnvironment env = environment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                if (threads > 0) {
                    options.setIntraOpNumThreads(threads);
                }
                options.setInterOpNumThreads(1);
                // ORT warns about value_info shapes an exporter traced with example sizes; errors still surface.
                options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
                if (cuda) {
                    useCuda(options);
                }
                if (graph.dataFolder().isPresent()) {
                    // A model loaded from bytes has no folder of its own to resolve external data against.
                    options.addConfigEntry("session.model_external_initializers_file_folder_path",
                            graph.dataFolder().get().toString());
                }
                return new OrtModel(label, env.createSession(graph.bytes(), options));
            }
        } catch (OrtException e) {
            throw new RuntimeFailureException("ONNX Runtime cannot load " + label + ": " + e.getMessage(), e);
        }
    }

    /**
     * The process-wide environment, created the first time on a thread with a large stack. Loading the native
     * library runs its static initialisers on the calling thread, and on a default 1 MiB Java stack that overflows
     * (a segfault, no Java error) once the JVM's command line is a few KiB long, as under spark-submit with a long
     * class path. Measured with ONNX Runtime 1.29 on Java 17; later calls on any thread are fine.
     */
    public static OrtEnvironment environment() {
        if (!nativeLoaded) {
            synchronized (OrtModel.class) {
                if (!nativeLoaded) {
                    RuntimeException[] failure = new RuntimeException[1];
                    Thread init = new Thread(null, () -> {
                        try {
                            OrtEnvironment.getEnvironment();
                        } catch (Throwable e) { // whatever stops the native library, the caller must hear of it
                            failure[0] = new RuntimeFailureException("ONNX Runtime's native library does not load: "
                                    + e, e);
                        }
                    }, "onnxruntime-init", 64L << 20);
                    init.start();
                    try {
                        init.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new RuntimeFailureException("interrupted while loading ONNX Runtime", e);
                    }
                    if (failure[0] != null) {
                        throw failure[0];
                    }
                    nativeLoaded = true;
                }
            }
        }
        return OrtEnvironment.getEnvironment();
    }

    private static void useCuda(OrtSession.SessionOptions options) {
        try {
            options.addCUDA(0);
        } catch (OrtException | RuntimeException | LinkageError e) {
            throw new RuntimeFailureException("--device cuda: ONNX Runtime has no usable CUDA execution provider here ("
                    + e.getMessage() + "). It needs the cuda build (mvn -Pcuda package), an NVIDIA driver, CUDA 12 and "
                    + "cuDNN 9; or use --device cpu", e);
        }
    }

    /** Runs one batch and returns the requested outputs as flat float or int64 tensors. */
    public Map<String, FlatTensor> run(EncodedBatch batch, Set<String> outputs) {
        return run(batch, outputs, null);
    }

    /**
     * Runs one batch; also reports the element type and concrete shape of every output, whatever its type, into
     * {@code specs} when it is not null.
     */
    public Map<String, FlatTensor> run(EncodedBatch batch, Set<String> outputs, Map<String, TensorSpec> specs) {
        if (closed) {
            throw new IllegalStateException("session for " + label + " is closed");
        }
        OrtEnvironment env = environment();
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, FlatTensor> e : batch.inputs().entrySet()) {
                FlatTensor t = e.getValue();
                OnnxTensor tensor = switch (t.type()) {
                    case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(t.longs()), t.shape());
                    case FLOAT32 -> OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats()), t.shape());
                    default -> throw new IllegalArgumentException("unsupported input type " + t.type());
                };
                feeds.put(e.getKey(), tensor);
            }
            try (OrtSession.Result result = session.run(feeds, outputs)) {
                Map<String, FlatTensor> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    FlatTensor flat = toFlat(e.getKey(), e.getValue());
                    if (flat != null) {
                        out.put(e.getKey(), flat);
                    }
                    if (specs != null && e.getValue().getInfo() instanceof TensorInfo info) {
                        specs.put(e.getKey(), new TensorSpec(e.getKey(), elementType(info.type),
                                TensorShape.of(info.getShape())));
                    }
                }
                return out;
            }
        } catch (OrtException e) {
            throw new RuntimeFailureException("ONNX Runtime failed running " + label + " on inputs "
                    + describe(batch) + " for outputs " + outputs + ": " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private FlatTensor toFlat(String name, OnnxValue value) {
        if (!(value instanceof OnnxTensor) || !(value.getInfo() instanceof TensorInfo)) {
            return null;
        }
        OnnxTensor tensor = (OnnxTensor) value;
        TensorInfo info = (TensorInfo) value.getInfo();
        long[] shape = info.getShape();
        switch (info.type) {
            // getFloatBuffer and getLongBuffer already copy into a fresh heap buffer: take its array rather than
            // copying again (capture makes one such output per batch, its main garbage).
            case FLOAT: {
                FloatBuffer buf = tensor.getFloatBuffer();
                float[] data;
                if (buf.hasArray() && buf.arrayOffset() == 0 && buf.position() == 0
                        && buf.remaining() == buf.array().length) {
                    data = buf.array();
                } else {
                    data = new float[buf.remaining()];
                    buf.get(data);
                }
                return FlatTensor.ofFloats(data, shape);
            }
            case INT64: {
                LongBuffer buf = tensor.getLongBuffer();
                long[] data;
                if (buf.hasArray() && buf.arrayOffset() == 0 && buf.position() == 0
                        && buf.remaining() == buf.array().length) {
                    data = buf.array();
                } else {
                    data = new long[buf.remaining()];
                    buf.get(data);
                }
                return FlatTensor.ofLongs(data, shape);
            }
            default:
                return null;
        }
    }

    private static ElementType elementType(ai.onnxruntime.OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> ElementType.FLOAT32;
            case DOUBLE -> ElementType.FLOAT64;
            case INT32 -> ElementType.INT32;
            case INT64 -> ElementType.INT64;
            case BOOL -> ElementType.BOOL;
            default -> ElementType.OTHER;
        };
    }

    private static String describe(EncodedBatch batch) {
        StringBuilder sb = new StringBuilder("{");
        batch.inputs().forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(' ')
                .append(v.type()).append(Arrays.toString(v.shape())));
        return sb.append('}').toString();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                throw new RuntimeFailureException("cannot close the session for " + label + ": " + e.getMessage(), e);
            }
        }
    }
}
