package org.recsae.runtime.interpret.llm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recsae.spi.interpret.LatentNotInterpretable;

/** A prediction reply read strictly: one integer 0..10 and nothing else (a trailing period is forgiven). */
final class LevelReply {
    private static final Pattern LEVEL = Pattern.compile("\\s*(10|[0-9])\\s*\\.?\\s*");

    private LevelReply() {
    }

    static int parse(String reply) {
        Matcher m = LEVEL.matcher(reply);
        if (!m.matches()) {
            throw new LatentNotInterpretable("a prediction reply is not a level 0..10: '"
                    + ChatClient.excerpt(reply) + "'");
        }
        return Integer.parseInt(m.group(1));
    }
}
