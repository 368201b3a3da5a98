package dev.l610.modem;

import java.time.Duration;
import java.util.Objects;

/**
 * Identity and limits of one virtual modem. Defaults are those of a real L610 seen on a serial line
 * (docs/at-reference.md §2, docs/real-hosts.md); every value can be changed with {@link #builder()}.
 *
 * @param imei 15-digit IMEI with a valid Luhn digit; also the default MQTT client id
 * @param firmware firmware revision shown by ATI and AT+CGMR
 * @param operator operator name shown by AT+COPS?
 * @param ip address of the data context (AT+MIPCALL?, AT+CGPADDR)
 * @param apn APN of context 1
 * @param imsi SIM IMSI (AT+CIMI)
 * @param iccid SIM ICCID (AT+CCID)
 * @param maxLine longest accepted command line
 * @param dataTimeout silence that ends a {@code >} data block (docs/at-reference.md §3: 30 s)
 * @param outcomeTimeout how long an asynchronous MQTT command waits for its outcome (default 30 s)
 * @param storeMessages +MQTTCONF=1 store: most messages kept per client
 * @param storeBytes +MQTTCONF=1 store: most payload+topic bytes kept per client
 * @param snRetryInterval MQTT-SN Tretry: wait for an answer before sending again (spec: 10..15 s)
 * @param snRetries MQTT-SN Nretry: sends again before the gateway counts as lost (+MQTTBREAK: &lt;id&gt;,1)
 * @param throttleBaud 0, or the UART rate (baud, 8N1) at which bytes pass in both directions
 * @param caFile PEM file of CA certificates trusted for TLS (+MQTTOPEN with tls), beside the JVM's; may be null
 * @param sourceAddress the local address the modem's broker connections come from (null: the system's
 *                      choice); a fleet spreads modems over 127.0.0.0/8 so one host is not held to 64k ports
 * @param sim the SIM in the slot at power-up (docs/at-reference.md §5): ready, absent or PIN-locked
 * @param timing how long boot, registration, data call, DNS and the radio path take (§8); default instant
 * @param seed the seed of every random draw of the timing and the radio path, so a run repeats; null: from the IMEI
 */
public record ModemConfig(String imei, String firmware, String operator, String ip, String apn, String imsi,
                          String iccid, int maxLine, Duration dataTimeout, Duration outcomeTimeout,
                          int storeMessages, int storeBytes, java.nio.file.Path caFile, Duration snRetryInterval,
                          int snRetries, int throttleBaud, java.net.InetAddress sourceAddress,
                          SimSetting sim, TimingProfile timing, Long seed) {

    public static final String DEFAULT_IMEI = "869548040012344";
    public static final String DEFAULT_FIRMWARE = "16000.1000.00.97.20.10";
    public static final String DEFAULT_OPERATOR = "CHN-UNICOM";
    public static final String DEFAULT_IP = "10.99.46.109";
    public static final String DEFAULT_APN = "CMNET";

    public ModemConfig {
        imei = Imei.normalize(imei);
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(apn, "apn");
        Objects.requireNonNull(imsi, "imsi");
        Objects.requireNonNull(iccid, "iccid");
        if (maxLine < 16) {
            throw new IllegalArgumentException("maxLine too small: " + maxLine);
        }
        if (throttleBaud < 0) {
            throw new IllegalArgumentException("throttle baud rate cannot be negative");
        }
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(timing, "timing");
        if (storeMessages < 1 || storeBytes < 1) {
            throw new IllegalArgumentException("store limits must be positive");
        }
    }

    /** The seed of the modem's random draws: {@link #seed()}, else one from the IMEI. */
    public long effectiveSeed() {
        return seed != null ? seed : imei.hashCode();
    }

    public static ModemConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.imei = imei;
        b.firmware = firmware;
        b.operator = operator;
        b.ip = ip;
        b.apn = apn;
        b.imsi = imsi;
        b.iccid = iccid;
        b.maxLine = maxLine;
        b.dataTimeout = dataTimeout;
        b.outcomeTimeout = outcomeTimeout;
        b.storeMessages = storeMessages;
        b.storeBytes = storeBytes;
        b.caFile = caFile;
        b.snRetryInterval = snRetryInterval;
        b.snRetries = snRetries;
        b.throttleBaud = throttleBaud;
        b.sourceAddress = sourceAddress;
        b.sim = sim;
        b.timing = timing;
        b.seed = seed;
        return b;
    }

    /** Plain builder; every setter has the default shown on {@link ModemConfig}. */
    public static final class Builder {
        private String imei = DEFAULT_IMEI;
        private String firmware = DEFAULT_FIRMWARE;
        private String operator = DEFAULT_OPERATOR;
        private String ip = DEFAULT_IP;
        private String apn = DEFAULT_APN;
        private String imsi = "460011234567890";
        private String iccid = "89860112345678901234";
        private int maxLine = dev.l610.at.AtLimits.DEFAULT_MAX_LINE;
        private Duration dataTimeout = Duration.ofSeconds(30);
        private Duration outcomeTimeout = Duration.ofSeconds(30);
        private int storeMessages = 64;
        private int storeBytes = 256 * 1024;
        private java.nio.file.Path caFile;
        private Duration snRetryInterval = Duration.ofSeconds(10);
        private int snRetries = 3;
        private int throttleBaud;
        private java.net.InetAddress sourceAddress;
        private SimSetting sim = SimSetting.READY;
        private TimingProfile timing = TimingProfile.instant();
        private Long seed;

        private Builder() { // ModemConfig.builder(), toBuilder()
        }

        public Builder imei(String v) { imei = v; return this; }
        public Builder firmware(String v) { firmware = v; return this; }
        public Builder operator(String v) { operator = v; return this; }
        public Builder ip(String v) { ip = v; return this; }
        public Builder apn(String v) { apn = v; return this; }
        public Builder imsi(String v) { imsi = v; return this; }
        public Builder iccid(String v) { iccid = v; return this; }
        public Builder maxLine(int v) { maxLine = v; return this; }
        public Builder dataTimeout(Duration v) { dataTimeout = v; return this; }
        public Builder outcomeTimeout(Duration v) { outcomeTimeout = v; return this; }
        public Builder storeMessages(int v) { storeMessages = v; return this; }
        public Builder storeBytes(int v) { storeBytes = v; return this; }
        public Builder caFile(java.nio.file.Path v) { caFile = v; return this; }
        public Builder throttleBaud(int v) { throttleBaud = v; return this; }
        public Builder sourceAddress(java.net.InetAddress v) { sourceAddress = v; return this; }
        public Builder sim(SimSetting v) { sim = v; return this; }
        public Builder timing(TimingProfile v) { timing = v; return this; }
        public Builder seed(Long v) { seed = v; return this; }
        public Builder snRetry(Duration interval, int retries) { snRetryInterval = interval; snRetries = retries; return this; }

        public ModemConfig build() {
            return new ModemConfig(imei, firmware, operator, ip, apn, imsi, iccid, maxLine, dataTimeout,
                    outcomeTimeout, storeMessages, storeBytes, caFile, snRetryInterval, snRetries, throttleBaud,
                    sourceAddress, sim, timing, seed);
        }
    }
}
