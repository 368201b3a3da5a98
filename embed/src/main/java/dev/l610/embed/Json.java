package dev.l610.embed;

/** The one JSON helper the control API needs: a string literal. */
final class Json {

    private Json() {
    }

    static String str(String s) {
        return dev.l610.embed.internal.JsonText.str(s);
    }
}
