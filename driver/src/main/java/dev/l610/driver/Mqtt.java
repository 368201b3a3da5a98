package dev.l610.driver;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The MQTT side of the modem: clients 1 and 2 (MQTT 3.1.1 over TCP) and 101 and 102 (MQTT-SN over UDP),
 * and the listeners for what the modem reports about them. Listeners run on the driver's event thread,
 * one at a time, in arrival order; they may call the driver and even {@code join()} its futures.
 */
public interface Mqtt {

    /** Valid client ids (manual §1.2). */
    List<Integer> CLIENT_IDS = List.of(1, 2, 101, 102);

    /**
     * The client with this id.
     *
     * @throws IllegalArgumentException when the id is not 1, 2, 101 or 102
     */
    MqttClient client(int clientId);

    /**
     * {@code AT+MQTTCONF=<mode>}: how received messages are reported. Global, for every client.
     *
     * @return a future that completes normally on {@code OK}; exceptionally with {@link AtCommandException}
     *     on {@code ERROR}/{@code +CME ERROR}, {@link AtTimeoutException} when no final result comes in
     *     time, {@link LinkClosedException} when the link is or goes down
     */
    CompletableFuture<Void> conf(MqttConfMode mode);

    /**
     * When on (the default), each {@code +MQTTMSGI} announcement makes the driver send
     * {@code AT+MQTTREAD=<id>} and hand the message to the message listeners, so they see every message
     * in both modes. Turn it off to fetch stored messages yourself with {@link MqttClient#read()}.
     */
    void autoRead(boolean on);

    /** Messages of every client: {@code +MQTTMSG} lines, and stored messages fetched by auto-read. */
    void addMessageListener(Consumer<MqttMessage> listener);

    void removeMessageListener(Consumer<MqttMessage> listener);

    /** {@code +MQTTMSGI} announcements of stored messages. */
    void addMessageInfoListener(Consumer<MqttMessageInfo> listener);

    void removeMessageInfoListener(Consumer<MqttMessageInfo> listener);

    /** {@code +MQTTBREAK} reports: a client dropped without {@code AT+MQTTCLOSE}. */
    void addBreakListener(Consumer<MqttBreak> listener);

    void removeBreakListener(Consumer<MqttBreak> listener);
}
