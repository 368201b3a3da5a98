package dev.l610.embed.scenario.internal;

import dev.l610.embed.scenario.ScenarioResult;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Locale;

/** A {@link ScenarioResult} as JUnit XML (what CI systems show as tests) and as JSON. */
public final class JunitReport {

    private JunitReport() {
    }

    public static String xml(ScenarioResult r) {
        StringWriter s = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(s);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", r.scenario());
            w.writeAttribute("tests", Integer.toString(r.checks().size()));
            w.writeAttribute("failures", Long.toString(r.checks().stream().filter(c -> c.status() != ScenarioResult.Status.PASSED).count()));
            w.writeAttribute("errors", "0");
            w.writeAttribute("skipped", "0");
            w.writeAttribute("time", seconds(r.elapsed()));
            w.writeCharacters("\n");
            for (ScenarioResult.Check c : r.checks()) {
                w.writeCharacters("  ");
                w.writeStartElement("testcase");
                w.writeAttribute("classname", "scenario." + r.scenario());
                w.writeAttribute("name", c.name());
                w.writeAttribute("time", seconds(c.at() == null ? r.elapsed() : c.at()));
                if (c.status() != ScenarioResult.Status.PASSED) {
                    w.writeStartElement("failure");
                    w.writeAttribute("message", c.reason());
                    w.writeAttribute("type", c.status() == ScenarioResult.Status.PENDING ? "undecided" : "expectation");
                    w.writeCharacters(c.name() + ": " + c.reason());
                    w.writeEndElement();
                } else {
                    w.writeStartElement("system-out");
                    w.writeCharacters(c.reason());
                    w.writeEndElement();
                }
                w.writeEndElement();
                w.writeCharacters("\n");
            }
            w.writeCharacters("  ");
            w.writeStartElement("system-out");
            StringBuilder steps = new StringBuilder();
            for (ScenarioResult.StepRun st : r.steps()) {
                steps.append("step ").append(st.name()).append(": ran ").append(st.runs()).append(" time(s)")
                        .append(st.last() == null ? "" : ", last at " + seconds(st.last()) + " s").append('\n');
            }
            w.writeCharacters(steps.toString());
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return s.toString();
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    public static String json(ScenarioResult r) {
        StringBuilder b = new StringBuilder("{\"scenario\":").append(str(r.scenario())).append(",\"finished\":").append(r.finished())
                .append(",\"passed\":").append(r.passed()).append(",\"elapsed_s\":").append(seconds(r.elapsed())).append(",\"checks\":[");
        for (int i = 0; i < r.checks().size(); i++) {
            ScenarioResult.Check c = r.checks().get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(str(c.name())).append(",\"status\":").append(str(c.status().name()))
                    .append(",\"reason\":").append(str(c.reason())).append(",\"at_s\":").append(c.at() == null ? "null" : seconds(c.at())).append('}');
        }
        b.append("],\"steps\":[");
        for (int i = 0; i < r.steps().size(); i++) {
            ScenarioResult.StepRun s = r.steps().get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(str(s.name())).append(",\"runs\":").append(s.runs())
                    .append(",\"last_s\":").append(s.last() == null ? "null" : seconds(s.last())).append('}');
        }
        return b.append("]}").toString();
    }

    /** A JSON string literal (ObjectMapper would do, this is the one thing needed). */
    static String str(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
}
