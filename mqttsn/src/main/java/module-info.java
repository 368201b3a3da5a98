/**
 * MQTT-SN 1.2: the codec, a client and a gateway (to an MQTT 3.1.1 broker through the HiveMQ client).
 */
module dev.l610.mqttsn {
    exports dev.l610.mqttsn;
    exports dev.l610.mqttsn.codec;
    exports dev.l610.mqttsn.client;
    exports dev.l610.mqttsn.gateway;

    requires io.netty.common;
    requires io.netty.buffer;
    requires transitive io.netty.transport; // MqttSnRuntime, MqttSnClient(Builder): EventLoop(Group), DatagramChannel, ChannelHandler
    requires io.netty.transport.classes.epoll;
    requires com.hivemq.client.mqtt;
    requires io.reactivex.rxjava2;
    requires org.slf4j;
}
