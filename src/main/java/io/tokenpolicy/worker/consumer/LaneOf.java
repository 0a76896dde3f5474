package io.tokenpolicy.worker.consumer;

import io.tokenpolicy.worker.apply.Lane;
import io.tokenpolicy.worker.events.EventTypePeek;
import io.tokenpolicy.worker.events.ReadResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The lane a record is applied in, decided on the polling thread: every record of the security topic is security
 * work (one that is not a security type is rejected there, in its lane); on the events topic, the urgent types go
 * to the security lane too, for producers that cannot change topics, and everything else is billing.
 */
final class LaneOf {

    private final String securityTopic;
    private final EventTypePeek peek;

    LaneOf(InputTopics topics, EventTypePeek peek) {
        this.securityTopic = topics.security();
        this.peek = peek;
    }

    /**
     * What was read, unless it is a billing event on the security topic: that one is rejected and parked, so that
     * a misrouted producer is told and nothing takes the security lane's reserve for billing work.
     */
    ReadResult checked(ConsumerRecord<byte[], byte[]> record, ReadResult read) {
        if (!record.topic().equals(securityTopic)
                || !(read instanceof ReadResult.Readable readable)
                || Lane.of(readable.event().envelope().type()) == Lane.SECURITY) {
            return read;
        }
        return new ReadResult.WrongTopic(
                read.identity(),
                "a " + readable.event().envelope().type() + " event on the security topic " + securityTopic
                        + ", which takes security.* types only: publish it to the events topic (replay-dlt does)");
    }

    Lane of(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(securityTopic)) {
            return Lane.SECURITY;
        }
        return peek.typeOf(record).map(Lane::of).orElse(Lane.BILLING);
    }
}
