package org.recsae.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTemplateTest {
    @Test
    void placeholdersInsideValuesAreLeftAlone() {
        assertEquals("<t>{{JS}} &amp;</t><s>x()</s>", ReportStage.fill("<t>{{TITLE}}</t><s>{{JS}}</s>",
                Map.of("TITLE", "{{JS}} &amp;", "JS", "x()")));
        assertThrows(IllegalStateException.class, () -> ReportStage.fill("{{NOPE}}", Map.of()));
    }

    @Test
    void scriptJsonCannotCloseItsElement() {
        String json = HtmlText.scriptJson("{\"t\":\"</script><script>alert(1)</script> & <!--\"}");
        assertEquals(-1, json.indexOf('<'));
        assertEquals(-1, json.indexOf('>'));
        assertEquals(-1, json.indexOf('&'));
    }
}
