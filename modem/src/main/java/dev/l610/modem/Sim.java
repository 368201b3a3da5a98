package dev.l610.modem;

import dev.l610.at.CmeError;

/**
 * The SIM's state machine (docs/at-reference.md §5): which SIM is inserted, whether its PIN was given,
 * and the wrong PINs so far (three make it ask for the PUK). Touched on the modem's event loop only.
 */
public final class Sim {

    /** What {@code AT+CPIN?} reports. */
    public enum State { READY, SIM_PIN, SIM_PUK, ABSENT }

    /** Wrong PINs that block the SIM (3GPP TS 31.101: the PIN retry counter starts at 3). */
    public static final int PIN_TRIES = 3;

    private SimSetting card;
    private State state;
    private int wrongPins;

    Sim(SimSetting card) {
        insert(card);
    }

    /** A (new) SIM in the slot: its power-up state. */
    void insert(SimSetting c) {
        card = c;
        wrongPins = 0;
        state = switch (c.kind()) {
            case READY -> State.READY;
            case ABSENT -> State.ABSENT;
            case PIN -> State.SIM_PIN;
        };
    }

    /** Power cycle: a PIN SIM asks for its PIN again; a blocked one stays blocked (the SIM keeps its counter). */
    void powerUp() {
        if (state != State.SIM_PUK) {
            insert(card);
        }
    }

    public SimSetting card() {
        return card;
    }

    public State state() {
        return state;
    }

    public boolean ready() {
        return state == State.READY;
    }

    /**
     * The error of a PIN-restricted command now (manual: "Pin Restricted: Yes"), or null when the SIM is
     * ready: 10 without a SIM, 11 while it asks for the PIN, 12 while it asks for the PUK.
     */
    public CmeError restriction() {
        return switch (state) {
            case READY -> null;
            case ABSENT -> CmeError.SIM_NOT_INSERTED;
            case SIM_PIN -> CmeError.SIM_PIN_REQUIRED;
            case SIM_PUK -> CmeError.SIM_PUK_REQUIRED;
        };
    }

    /**
     * {@code AT+CPIN="<pin>"}: null when accepted (the SIM is then ready), else the error to answer:
     * 3 when no PIN is asked for, 10 without a SIM, 16 for a wrong PIN, 12 once the PUK is asked for.
     */
    public CmeError enterPin(String pin) {
        switch (state) {
            case READY:
                return CmeError.OPERATION_NOT_ALLOWED;
            case ABSENT:
                return CmeError.SIM_NOT_INSERTED;
            case SIM_PUK:
                return CmeError.SIM_PUK_REQUIRED;
            default:
                break;
        }
        if (pin.equals(card.pin())) {
            state = State.READY;
            wrongPins = 0;
            return null;
        }
        if (++wrongPins >= PIN_TRIES) {
            state = State.SIM_PUK;
        }
        return CmeError.INCORRECT_PASSWORD;
    }
}
