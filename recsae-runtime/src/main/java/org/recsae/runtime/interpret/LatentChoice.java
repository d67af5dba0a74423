package org.recsae.runtime.interpret;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.recsae.spi.UsageException;

/**
 * Which latents to interpret: {@code all} alive ones, the {@code N} most active alive ones, or a list of ids
 * (always with a comma, so {@code 5,} is latent 5 and {@code 5} is the five most active).
 */
public record LatentChoice(Kind kind, int count, List<Integer> ids) {
    public enum Kind { ALL, MOST_ACTIVE, IDS }

    public static LatentChoice all() {
        return new LatentChoice(Kind.ALL, 0, List.of());
    }

    public static LatentChoice parse(String text) {
        String t = text.trim();
        if (t.equals("all")) {
            return all();
        }
        try {
            if (t.contains(",")) {
                TreeSet<Integer> ids = new TreeSet<>();
                for (String part : t.split(",")) {
                    if (!part.isBlank()) {
                        int id = Integer.parseInt(part.trim());
                        if (id < 0) {
                            throw new NumberFormatException();
                        }
                        ids.add(id);
                    }
                }
                if (ids.isEmpty()) {
                    throw new NumberFormatException();
                }
                return new LatentChoice(Kind.IDS, 0, List.copyOf(new ArrayList<>(ids)));
            }
            int n = Integer.parseInt(t);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return new LatentChoice(Kind.MOST_ACTIVE, n, List.of());
        } catch (NumberFormatException e) {
            throw new UsageException("--latents must be 'all', a positive count N, or latent ids with a comma "
                    + "(e.g. '5,' or '3,17,42'), found '" + text + "'");
        }
    }

    /** The chosen latents in id order, given each latent's activation count and which are alive. */
    public List<Integer> select(long[] activations, boolean[] alive) {
        List<Integer> out = new ArrayList<>();
        switch (kind) {
            case ALL -> {
                for (int j = 0; j < alive.length; j++) {
                    if (alive[j]) {
                        out.add(j);
                    }
                }
            }
            case MOST_ACTIVE -> {
                List<Integer> candidates = new ArrayList<>();
                for (int j = 0; j < alive.length; j++) {
                    if (alive[j]) {
                        candidates.add(j);
                    }
                }
                candidates.sort((a, b) -> activations[a] != activations[b] ? Long.compare(activations[b], activations[a])
                        : Integer.compare(a, b));
                out.addAll(new TreeSet<>(candidates.subList(0, Math.min(count, candidates.size()))));
            }
            case IDS -> {
                for (int id : ids) {
                    if (id >= alive.length) {
                        throw new UsageException("--latents names latent " + id + ", but the SAE has " + alive.length
                                + " latents (0.." + (alive.length - 1) + ")");
                    }
                    out.add(id);
                }
            }
        }
        return out;
    }

    public String jsonName() {
        return switch (kind) {
            case ALL -> "all";
            case MOST_ACTIVE -> Integer.toString(count);
            case IDS -> String.join(",", ids.stream().map(String::valueOf).toList()) + (ids.size() == 1 ? "," : "");
        };
    }
}
