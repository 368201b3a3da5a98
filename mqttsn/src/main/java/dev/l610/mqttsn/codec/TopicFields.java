package dev.l610.mqttsn.codec;

/** The name-or-id rule shared by SUBSCRIBE and UNSUBSCRIBE. */
final class TopicFields {

    private TopicFields() {
    }

    static void check(TopicIdType type, String topicName, int topicId) {
        if (type == TopicIdType.NORMAL) {
            Fields.notEmpty(topicName, "topicName");
            if (topicId != 0) {
                throw new IllegalArgumentException("topicId must be 0 when the topic is given by name");
            }
        } else if (!topicName.isEmpty()) {
            throw new IllegalArgumentException("topicName must be empty for a " + type + " topic id");
        }
    }
}
