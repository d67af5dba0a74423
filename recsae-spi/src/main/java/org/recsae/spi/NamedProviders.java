package org.recsae.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Providers of one kind (recommender plugins, interpreters) by their stable names. A name is what artifacts record,
 * so it must be unique and spelled the same way everywhere; an unknown name lists the names available.
 */
public final class NamedProviders<T> {
    private static final Pattern VALID_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final String kind;
    private final TreeMap<String, T> byName = new TreeMap<>();

    /** @param kind what the providers are, as error messages say it ("recommender plugin", "interpreter") */
    public NamedProviders(String kind, Iterable<? extends T> providers, Function<T, String> nameOf) {
        this.kind = kind;
        for (T provider : providers) {
            String name = nameOf.apply(provider);
            if (name == null || !VALID_NAME.matcher(name).matches()) {
                throw new RuntimeFailureException(kind + " " + provider.getClass().getName() + " has an invalid name '"
                        + name + "': expected lower case letters, digits and dashes");
            }
            T previous = byName.putIfAbsent(name, provider);
            if (previous != null && previous.getClass() != provider.getClass()) {
                throw new RuntimeFailureException("two " + kind + "s are named '" + name + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
    }

    public List<T> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** The provider of that name; an unknown name is a usage error that lists the names available. */
    public T forName(String name) {
        T provider = byName.get(name);
        if (provider == null) {
            throw new UsageException("no " + kind + " named '" + name + "'; available: "
                    + (byName.isEmpty() ? "none (is its jar on the class path?)" : String.join(", ", byName.keySet())));
        }
        return provider;
    }
}
