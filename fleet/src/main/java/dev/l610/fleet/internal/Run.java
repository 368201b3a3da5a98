package dev.l610.fleet.internal;

import dev.l610.fleet.Behaviour;
import dev.l610.fleet.FleetOptions;

/** What every device of one run shares: the options, compiled templates, the metrics. Immutable but for the metrics. */
final class Run {

    final FleetOptions options;
    final Behaviour behaviour;
    final Template clientId;
    final Template user;
    final Template password;
    final Template publishTopic;
    final Template payload;
    final java.util.List<Template> subscriptions;
    final Metrics metrics = new Metrics();
    final long startNanos = System.nanoTime();

    Run(FleetOptions options) {
        this.options = options;
        this.behaviour = options.behaviour();
        Behaviour.Mqtt m = behaviour.mqtt();
        this.clientId = new Template(m.clientId());
        this.user = new Template(m.user());
        this.password = new Template(m.password());
        this.publishTopic = new Template(behaviour.publish().topic());
        this.payload = new Template(behaviour.publish().payload());
        this.subscriptions = behaviour.subscribe().stream().map(s -> new Template(s.topic())).toList();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
