package dev.l610.at;

/** The four request forms of V.250 §5.4. */
public enum CommandType {
    /** Action, no parameters: {@code AT+CSQ}, {@code ATI}, {@code ATE1}. */
    ACTION,
    /** Read: {@code AT+CPIN?}. */
    READ,
    /** Test: {@code AT+MQTTPUB=?}. */
    TEST,
    /** Set: {@code AT+CMEE=1}. */
    SET
}
