#!/usr/bin/env python3
"""A small MQTT host for the L610's AT command set, to try scenarios with: opens client 1, subscribes
to demo/in, opens again after +MQTTBREAK or a refused open, and ends at the first message.
The line and the broker come from L610_AT and L610_MQTT (what 'l610 scenario run' sets)."""
import os
import socket
import sys
import time

at_host, at_port = os.environ.get("L610_AT", "127.0.0.1:5610").rsplit(":", 1)
mqtt_host, mqtt_port = os.environ.get("L610_MQTT", "127.0.0.1:1883").rsplit(":", 1)
line = socket.create_connection((at_host, int(at_port)), timeout=60)
modem = line.makefile("rb")


def send(command):
    print(">>", command, file=sys.stderr, flush=True)
    line.sendall(command.encode() + b"\r")


def wait(*starts):
    """Reads lines until one starts with one of starts; returns it."""
    while True:
        raw = modem.readline()
        if not raw:
            sys.exit("host: the line closed")
        text = raw.decode("latin-1").strip()
        if text:
            print("<<", text, file=sys.stderr, flush=True)
        if text.startswith(starts):
            return text


send("ATE0")
wait("OK")
while True:
    send(f'AT+MQTTOPEN=1,"{mqtt_host}",{mqtt_port},1,60')
    if wait("+MQTTOPEN: 1,", "ERROR", "+CME ERROR") != "+MQTTOPEN: 1,1":
        time.sleep(1)
        continue
    send('AT+MQTTSUB=1,"demo/in",1')
    if not wait("+MQTTSUB: 1,", "+MQTTBREAK: 1,").startswith("+MQTTSUB: 1,1"):
        continue
    if wait("+MQTTMSG: 1,", "+MQTTBREAK: 1,").startswith("+MQTTMSG"):
        break
send("AT+MQTTCLOSE=1")
wait("+MQTTCLOSE: 1,")
