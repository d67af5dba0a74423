package org.recsae.runtime.interpret.builtin;

import java.util.Map;
import java.util.Set;
import org.recsae.runtime.interpret.InterpreterOptions;
import org.recsae.spi.interpret.Interpreter;
import org.recsae.spi.interpret.InterpreterContext;
import org.recsae.spi.interpret.InterpreterSession;

/**
 * {@code builtin}: describes latents by distinctive item terms and predicts by term match, offline and
 * deterministic. Options: {@code history_weight} (how much history items count against the predicted item, 0..1,
 * default 0.5), {@code terms} (description length, default 12), {@code min_support} (how often a term must recur
 * across the explaining sequences, default 2), {@code min_lift} (how many times commoner than among ordinary
 * sequences a term must be, default 1.5).
 */
public final class BuiltinInterpreter implements Interpreter {
    private static final Set<String> OPTIONS = Set.of("history_weight", "terms", "min_support", "min_lift");

    @Override
    public String name() {
        return "builtin";
    }

    @Override
    public String version() {
        return "2";
    }

    @Override
    public InterpreterSession open(InterpreterContext context) {
        Map<String, String> o = context.options();
        InterpreterOptions.checkKnown(name(), o, OPTIONS);
        double historyWeight = InterpreterOptions.number(o, "history_weight", 0.5, 0, 1);
        int terms = (int) InterpreterOptions.number(o, "terms", 12, 1, 200);
        double minSupport = InterpreterOptions.number(o, "min_support", 2, 0, 10);
        double minLift = InterpreterOptions.number(o, "min_lift", 1.5, 1, 100);
        return new BuiltinSession(context.catalogue(), context.background(), historyWeight, terms, minSupport, minLift);
    }

}
