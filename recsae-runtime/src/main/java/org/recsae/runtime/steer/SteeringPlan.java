package org.recsae.runtime.steer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.recsae.runtime.store.Json;
import org.recsae.spi.BadInputException;
import org.recsae.spi.UsageException;

/**
 * What to do to each latent: {@code z' = z · scale + [z > 0] · clampValue + alwaysValue}, where a clamped or
 * forced latent has scale 0. Unset latents keep scale 1 and nothing added, so an empty plan changes nothing.
 */
public final class SteeringPlan {
    private final float[] scale;
    private final float[] whenActive;
    private final float[] always;
    private final Map<Integer, String> described = new TreeMap<>();

    public SteeringPlan(int latents) {
        scale = new float[latents];
        Arrays.fill(scale, 1f);
        whenActive = new float[latents];
        always = new float[latents];
    }

    public int latents() {
        return scale.length;
    }

    /**
     * Parses one {@code --set} ({@code LATENT=FACTOR} or {@code LATENT=@VALUE}) or {@code --always}
     * ({@code LATENT=VALUE}) argument.
     */
    public SteeringPlan apply(String spec, boolean isAlways) {
        String flag = isAlways ? "--always" : "--set";
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new UsageException(flag + " expects LATENT=" + (isAlways ? "VALUE" : "FACTOR or LATENT=@VALUE")
                    + ", found '" + spec + "'");
        }
        int latent;
        try {
            latent = Integer.parseInt(spec.substring(0, eq).trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " " + spec + ": the latent must be an integer index, found '"
                    + spec.substring(0, eq) + "'");
        }
        if (latent < 0 || latent >= scale.length) {
            throw new BadInputException(flag + " " + spec + ": latent " + latent + " is outside the SAE, which has "
                    + scale.length + " latents (0.." + (scale.length - 1) + ")");
        }
        String value = spec.substring(eq + 1).trim();
        boolean clamp = !isAlways && value.startsWith("@");
        float number = number(flag, spec, clamp ? value.substring(1) : value);
        if (isAlways) {
            scale[latent] = 0;
            always[latent] = number;
            described.put(latent, "always " + number);
        } else if (clamp) {
            scale[latent] = 0;
            whenActive[latent] = number;
            described.put(latent, "@" + number);
        } else {
            scale[latent] = number;
            described.put(latent, "x" + number);
        }
        return this;
    }

    private static float number(String flag, String spec, String text) {
        try {
            float f = Float.parseFloat(text);
            if (Float.isNaN(f) || Float.isInfinite(f)) {
                throw new NumberFormatException();
            }
            return f;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " " + spec + ": '" + text + "' is not a finite number");
        }
    }

    public float[] scale() {
        return scale.clone();
    }

    public float[] whenActive() {
        return whenActive.clone();
    }

    public float[] always() {
        return always.clone();
    }

    /** True if any latent is clamped or forced (those need the extra nodes). */
    public boolean addsValues() {
        for (int i = 0; i < scale.length; i++) {
            if (whenActive[i] != 0 || always[i] != 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code [{"latent": 3, "change": "x5.0"}, ...]}, for metadata and manifests. */
    public ArrayNode toJson() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        described.forEach((latent, change) -> out.addObject().put("latent", latent).put("change", change));
        return out;
    }
}
