package org.recsae.runtime.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.recsae.spi.FlatTensor;

/**
 * Adam's moments for each parameter, kept here (not inside an optimiser object) so a checkpoint can save and
 * restore them exactly.
 */
final class AdamState {
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private final NDArray[] m;
    private final NDArray[] v;

    private AdamState(NDArray[] m, NDArray[] v) {
        this.m = m;
        this.v = v;
    }

    static AdamState zeros(NDArray[] params) {
        NDArray[] m = new NDArray[params.length];
        NDArray[] v = new NDArray[params.length];
        for (int i = 0; i < params.length; i++) {
            m[i] = params[i].zerosLike();
            v[i] = params[i].zerosLike();
        }
        return new AdamState(m, v);
    }

    static AdamState fromTensors(NDManager manager, Map<String, FlatTensor> t, String[] names) {
        NDArray[] m = new NDArray[names.length];
        NDArray[] v = new NDArray[names.length];
        for (int i = 0; i < names.length; i++) {
            m[i] = TopKSae.array(manager, t.get("adam_m." + names[i]));
            v[i] = TopKSae.array(manager, t.get("adam_v." + names[i]));
        }
        return new AdamState(m, v);
    }

    Map<String, FlatTensor> tensors(String[] names) {
        Map<String, FlatTensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put("adam_m." + names[i], TopKSae.flat(m[i]));
            out.put("adam_v." + names[i], TopKSae.flat(v[i]));
        }
        return out;
    }

    /** One bias-corrected Adam step on {@code param} with gradient {@code grad}; {@code step} counts from 1. */
    void update(int i, NDArray param, NDArray grad, float lr, long step) {
        m[i].muli(BETA1).addi(grad.mul(1 - BETA1));
        v[i].muli(BETA2).addi(grad.square().muli(1 - BETA2));
        // lr/c1 * m / (sqrt(v/c2) + eps), rewritten as lr*sqrt(c2)/c1 * m / (sqrt(v) + eps*sqrt(c2)): one op fewer.
        double c1 = 1 - Math.pow(BETA1, step);
        double rootC2 = Math.sqrt(1 - Math.pow(BETA2, step));
        NDArray denom = v[i].sqrt().addi((float) (EPSILON * rootC2));
        param.subi(m[i].div(denom).muli((float) (lr * rootC2 / c1)));
    }
}
