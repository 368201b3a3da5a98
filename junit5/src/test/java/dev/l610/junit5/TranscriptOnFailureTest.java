package dev.l610.junit5;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.junit.platform.testkit.engine.Events;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/** A failing test gets the end of the transcript as a suppressed exception and a report entry. */
class TranscriptOnFailureTest {

    private static Events run(org.junit.platform.engine.DiscoverySelector selector) {
        return EngineTestKit.engine("junit-jupiter").selectors(selector).execute().testEvents();
    }

    @Test
    void theFailureCarriesTheEndOfTheTranscript() {
        Events events = run(selectClass(FailingCase.class));
        events.assertStatistics(s -> s.started(3).succeeded(1).failed(1).aborted(1));

        Event failed = events.failed().list().get(0);
        Throwable t = failed.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(t).isInstanceOf(AssertionError.class).hasMessageContaining("the IMEI");
        assertThat(t.getSuppressed()).hasSize(1).hasOnlyElementsOfType(L610Transcript.class);
        L610Transcript transcript = (L610Transcript) t.getSuppressed()[0];
        assertThat(transcript.transcript()).contains("AT+CGSN", "869548040012344");
        assertThat(transcript.getMessage()).startsWith("end of the L610 transcript (TCP line 127.0.0.1:")
                .contains("AT+CGSN", "869548040012344");
        assertThat(transcript.getStackTrace()).isEmpty();

        List<ReportEntry> entries = events.reportingEntryPublished().list().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class)).toList();
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getKeyValuePairs().get("l610.transcript")).contains("AT+CGSN");

        // the passing and the skipped test get nothing; the failing test's driver was closed after it
        for (Event e : events.succeeded().list()) {
            assertThat(e.getRequiredPayload(TestExecutionResult.class).getThrowable()).isEqualTo(Optional.empty());
        }
        Throwable skipped = events.aborted().list().get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(skipped.getSuppressed()).isEmpty();
        assertThat(FailingCase.lastDriver.isOpen()).isFalse();
    }

    @Test
    void aFailingBeforeEachGetsItToo() {
        Events events = run(selectClass(FailingBeforeEachCase.class));
        events.assertStatistics(s -> s.started(1).failed(1));
        Throwable t = events.failed().list().get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(t).isInstanceOf(IllegalStateException.class).hasMessage("set-up failed on purpose");
        assertThat(t.getSuppressed()).hasSize(1).hasOnlyElementsOfType(L610Transcript.class);
        assertThat(((L610Transcript) t.getSuppressed()[0]).transcript()).contains("AT+CPIN?", "+CPIN: READY");
        assertThat(FailingBeforeEachCase.driver.isOpen()).as("closed after the test").isFalse();
    }

    @Test
    void theTailIsAboutFourKibAndStartsAtAnEntry() {
        run(selectMethod(FailingCase.class, "fails", dev.l610.driver.L610Driver.class.getName() + "," + dev.l610.embed.VirtualL610.class.getName()));
        // the modem is closed now, but its in-memory transcript is still readable
        String whole = FailingCase.modem.transcript();
        String tail = L610Extension.tail(FailingCase.modem, 20);
        assertThat(whole).endsWith(tail);
        assertThat(tail.length()).isLessThanOrEqualTo(20);
        assertThat(L610Extension.tail(FailingCase.modem, 1_000_000)).isEqualTo(whole);
        assertThat(L610Extension.DEFAULT_TRANSCRIPT_TAIL_CHARS).isEqualTo(4096);
    }

}
