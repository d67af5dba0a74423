package org.recsae.runtime.sae;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.recsae.runtime.store.Json;

/** How often latents fire, in decades of frequency (fires / vectors), with "never" kept apart. */
final class DensityHistogram {
    private DensityHistogram() {
    }

    static ArrayNode of(long[] fired, long vectors) {
        int decades = 7;
        long[] counts = new long[decades + 1];
        for (long f : fired) {
            if (f == 0) {
                counts[0]++;
                continue;
            }
            double freq = (double) f / vectors;
            int bin = (int) Math.floor(-Math.log10(freq));
            counts[1 + Math.max(0, Math.min(decades - 1, decades - 1 - bin))]++;
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        out.add(bin("never", counts[0]));
        for (int i = 0; i < decades; i++) {
            int exp = -(decades - i);
            String label = i == 0 ? "(0, 1e" + (exp + 1) + ")" : "[1e" + exp + ", 1e" + (exp + 1) + ")";
            if (i == decades - 1) {
                label = "[1e-1, 1]";
            }
            out.add(bin(label, counts[i + 1]));
        }
        return out;
    }

    private static ObjectNode bin(String range, long latents) {
        return Json.object().put("frequency", range).put("latents", latents);
    }
}
