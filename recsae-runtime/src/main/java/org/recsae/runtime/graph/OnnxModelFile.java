package org.recsae.runtime.graph;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.recsae.runtime.store.Hashing;
import org.recsae.spi.BadInputException;
import org.recsae.spi.RuntimeFailureException;

/**
 * An ONNX model read from disk and checked for what recsae needs: a graph, a default-domain opset, versions ONNX
 * Runtime can load, and float32 weights, stored inside the file or in external data files beside it.
 */
public final class OnnxModelFile {
    /** Newest IR version and opset ONNX Runtime Java 1.29 loads. */
    public static final long MAX_IR_VERSION = 13;
    public static final long MAX_OPSET = 25;

    private final Path path;
    private final OnnxMl.ModelProto model;
    private final ByteBuffer bytes;
    private final long opset;
    private final ProtoGraphView graph;
    private String sha256;
    private java.util.Map<String, InlineWeights.Span> inlineWeights;

    private OnnxModelFile(Path path, OnnxMl.ModelProto model, ByteBuffer bytes, long opset) {
        this.path = path;
        this.model = model;
        this.bytes = bytes;
        this.opset = opset;
        this.graph = new ProtoGraphView(model.getGraph(), opset);
    }

    public static OnnxModelFile read(Path path) {
        if (!Files.exists(path)) {
            throw new BadInputException("model file " + path + " does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new BadInputException("model file " + path + " is a directory; expected an .onnx file");
        }
        // Mapped, not read: a model of a million items is a gigabyte, and its weights then stay in the page cache
        // instead of the heap (the parse aliases them, and sessions read them from the file).
        ByteBuffer bytes;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new BadInputException("model file " + path + " is " + size + " bytes; an ONNX protobuf holds at "
                        + "most 2 GiB, so a model this big keeps its weights in external data files beside it");
            }
            bytes = map(channel, size);
        } catch (IOException e) {
            throw new BadInputException("model file " + path + " cannot be read: " + e.getMessage(), e);
        }
        return parse(path, bytes);
    }

    /** The file mapped, or read into the heap where its file system cannot map (some network and FUSE mounts). */
    private static ByteBuffer map(FileChannel channel, long size) throws IOException {
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (IOException | UnsupportedOperationException e) {
            ByteBuffer heap = ByteBuffer.allocate((int) size);
            while (heap.hasRemaining() && channel.read(heap, heap.position()) >= 0) {
                // read until full; a file that shrank meanwhile parses as truncated
            }
            return heap.flip();
        }
    }

    static OnnxModelFile parse(Path path, byte[] bytes) {
        return parse(path, ByteBuffer.wrap(bytes));
    }

    static OnnxModelFile parse(Path path, ByteBuffer bytes) {
        long size = bytes.remaining();
        if (size == 0) {
            throw new BadInputException("model file " + path + " is empty (0 bytes); expected an ONNX ModelProto");
        }
        OnnxMl.ModelProto model;
        try {
            // An unsafe wrap counts as immutable, which lets the parse alias the weights instead of copying them.
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes.duplicate()).newCodedInput();
            in.enableAliasing(true);
            in.setSizeLimit(Integer.MAX_VALUE);
            in.setRecursionLimit(512);
            model = OnnxMl.ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            String problem = e.getMessage() != null && e.getMessage().contains("ended unexpectedly")
                    ? "it ends in the middle of a message (truncated file?)"
                    : "it is not a valid ONNX protobuf (" + e.getMessage() + ")";
            throw new BadInputException("model file " + path + " (" + size + " bytes) cannot be read as ONNX: "
                    + problem, e);
        } catch (IOException e) {
            throw new RuntimeFailureException("model file " + path + ": " + e.getMessage(), e);
        }
        // Arbitrary bytes can parse as a protobuf of unknown fields; a real model has these.
        if (model.getIrVersion() <= 0 || !model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new BadInputException("model file " + path + " (" + size + " bytes) is not an ONNX model: "
                    + "expected ir_version > 0 and a graph with nodes, found ir_version " + model.getIrVersion()
                    + " and " + (model.hasGraph() ? model.getGraph().getNodeCount() + " nodes" : "no graph"));
        }
        long opset = -1;
        for (OnnxMl.OperatorSetIdProto id : model.getOpsetImportList()) {
            if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
                opset = id.getVersion();
            }
        }
        if (opset < 0) {
            throw new BadInputException("model file " + path + " imports no default-domain opset (opset_import lists "
                    + model.getOpsetImportList().size() + " entries, none for ai.onnx)");
        }
        if (model.getIrVersion() > MAX_IR_VERSION || opset > MAX_OPSET) {
            throw new BadInputException("model file " + path + " has IR version " + model.getIrVersion() + " and opset "
                    + opset + "; ONNX Runtime here loads IR <= " + MAX_IR_VERSION + " and opset <= " + MAX_OPSET);
        }
        ExternalData.check(path, model.getGraph());
        refuseHalfPrecision(path, model.getGraph());
        return new OnnxModelFile(path, model, bytes, opset);
    }

    /**
     * fp16 and bf16 exports are refused up front: probes, SAE training, splicing and scoring all read and write
     * float32, and a half-precision graph would otherwise fail later, deep in discovery or ONNX Runtime.
     */
    private static void refuseHalfPrecision(Path path, OnnxMl.GraphProto graph) {
        java.util.List<String> half = new java.util.ArrayList<>();
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            if (isHalf(t.getDataType())) {
                half.add("initializer '" + t.getName() + "' (" + OnnxMl.TensorProto.DataType.forNumber(t.getDataType())
                        + ")");
            }
        }
        for (OnnxMl.ValueInfoProto v : concat(graph.getInputList(), graph.getOutputList())) {
            if (v.getType().hasTensorType() && isHalf(v.getType().getTensorType().getElemType())) {
                half.add("graph " + (graph.getInputList().contains(v) ? "input" : "output") + " '" + v.getName()
                        + "' (" + OnnxMl.TensorProto.DataType.forNumber(v.getType().getTensorType().getElemType()) + ")");
            }
        }
        if (!half.isEmpty()) {
            throw new BadInputException("model file " + path + " is a half-precision export: " + half.get(0)
                    + (half.size() > 1 ? " and " + (half.size() - 1) + " more tensors" : "") + " are not float32. "
                    + "recsae reads float32 models only; export the model in float32 (in PyTorch, model.float() "
                    + "before torch.onnx.export)");
        }
    }

    private static boolean isHalf(int dataType) {
        return dataType == OnnxMl.TensorProto.DataType.FLOAT16_VALUE
                || dataType == OnnxMl.TensorProto.DataType.BFLOAT16_VALUE;
    }

    private static java.util.List<OnnxMl.ValueInfoProto> concat(java.util.List<OnnxMl.ValueInfoProto> a,
                                                                java.util.List<OnnxMl.ValueInfoProto> b) {
        java.util.List<OnnxMl.ValueInfoProto> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    public Path path() {
        return path;
    }

    public OnnxMl.ModelProto proto() {
        return model;
    }

    /** A copy of the file's bytes, for small models and tests; sessions load {@link #sessionGraph()} instead. */
    public byte[] bytes() {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return copy;
    }

    /** The whole model as a session loads it: its large weights read from the file rather than copied. */
    public SessionGraph sessionGraph() {
        return SessionGraph.of(this, model);
    }

    /** The folder that the weights sessions read from the file (or from external data files) are found in. */
    public Path folder() {
        return path.toAbsolutePath().normalize().getParent();
    }

    public long opset() {
        return opset;
    }

    public ProtoGraphView graph() {
        return graph;
    }

    /** Where the initializers {@link SessionGraph} would reference sit in the file, found once. */
    synchronized java.util.Map<String, InlineWeights.Span> inlineWeights() {
        if (inlineWeights == null) {
            inlineWeights = InlineWeights.find(bytes, SessionGraph.REFERENCE_BYTES);
        }
        return inlineWeights;
    }

    public synchronized String sha256() {
        if (sha256 == null) {
            sha256 = Hashing.sha256(bytes);
        }
        return sha256;
    }

    public String producer() {
        String name = model.getProducerName();
        String version = model.getProducerVersion();
        return (name + " " + version).trim();
    }
}
