package org.recsae.spi.interpret;

import java.util.List;
import java.util.ServiceLoader;
import org.recsae.spi.NamedProviders;

/** The interpreters on the class path, by name. */
public final class Interpreters {
    private final NamedProviders<Interpreter> byName;

    private Interpreters(Iterable<Interpreter> interpreters) {
        this.byName = new NamedProviders<>("interpreter", interpreters, Interpreter::name);
    }

    public static Interpreters discover() {
        return new Interpreters(ServiceLoader.load(Interpreter.class, Interpreters.class.getClassLoader()));
    }

    public static Interpreters of(List<Interpreter> interpreters) {
        return new Interpreters(interpreters);
    }

    public List<String> names() {
        return byName.names();
    }

    /** The interpreter of that name; an unknown name is a usage error that lists the names available. */
    public Interpreter forName(String name) {
        return byName.forName(name);
    }
}
