package co.pqr.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starts a real broker in a child JVM, round-trips records, restarts it on the same data and reads them again. */
class EmbeddedKafkaTest {

    private static final String TOPIC = "embedded-kafka-test";
    private static final int RECORDS = 100;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void producesConsumesAndKeepsDataAcrossRestart() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < RECORDS; i++) {
            expected.put("key-" + i, "value-" + i);
        }

        long firstPid;
        int firstPort;
        long t0 = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
            System.out.printf("first start (with format) took %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, kafka);
            assertThat(kafka.isAlive()).isTrue();
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
            firstPid = kafka.pid();
            firstPort = kafka.port();

            kafka.createTopic(TOPIC, 3);
            kafka.createTopic(TOPIC, 3); // idempotent
            assertThat(partitionCount(kafka)).isEqualTo(3);

            Set<Integer> partitionsWritten = produce(kafka, expected);
            assertThat(partitionsWritten).as("records spread over partitions").hasSizeGreaterThan(1);

            Map<String, String> read = consume(kafka, "group-before-restart");
            assertThat(read).containsExactlyInAnyOrderEntriesOf(expected);

            kafka.stop();
            assertThat(kafka.isAlive()).isFalse();
            assertProcessGone(firstPid);
        }
        assertThat(Files.readString(dataDir.resolve("server.properties")))
                .contains("process.roles=broker,controller", "auto.create.topics.enable=false");
        String clusterId = Files.readString(dataDir.resolve("cluster.id")).trim();

        t0 = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
            System.out.printf("restart took %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, kafka);
            assertThat(kafka.pid()).isNotEqualTo(firstPid);
            assertThat(kafka.port()).as("port of the previous run is reused when free").isEqualTo(firstPort);
            assertThat(Files.readString(dataDir.resolve("cluster.id")).trim()).isEqualTo(clusterId);

            kafka.createTopic(TOPIC, 3); // exists already: no-op
            assertThat(partitionCount(kafka)).isEqualTo(3);

            assertThat(committedOffsetTotal(kafka, "group-before-restart"))
                    .as("offsets committed before the restart survive").isEqualTo(RECORDS);

            Map<String, String> readAgain = consume(kafka, "group-after-restart");
            assertThat(readAgain).containsExactlyInAnyOrderEntriesOf(expected);

            long pid = kafka.pid();
            kafka.close();
            assertThat(kafka.isAlive()).isFalse();
            assertProcessGone(pid);
        }
    }

    private static Set<Integer> produce(EmbeddedKafka kafka, Map<String, String> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            records.forEach((k, v) -> sends.add(producer.send(new ProducerRecord<>(TOPIC, k, v))));
            producer.flush();
            Set<Integer> partitions = new java.util.HashSet<>();
            for (Future<RecordMetadata> f : sends) {
                partitions.add(f.get(30, TimeUnit.SECONDS).partition());
            }
            return partitions;
        }
    }

    /** Reads the topic from the beginning with a consumer group until RECORDS records arrived or the deadline passed. */
    private static Map<String, String> consume(EmbeddedKafka kafka, String groupId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, String> read = new TreeMap<>();
        int count = 0;
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(TOPIC));
            while (count < RECORDS && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    read.put(r.key(), r.value());
                    count++;
                }
            }
            consumer.commitSync(Duration.ofSeconds(30));
            // nothing more than the RECORDS records
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                read.put(r.key(), r.value());
                count++;
            }
        }
        assertThat(count).as("records read by " + groupId + " (keys " + read.keySet() + ")").isEqualTo(RECORDS);
        return read;
    }

    private static Properties adminProps(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return props;
    }

    private static int partitionCount(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = Admin.create(adminProps(kafka))) {
            TopicDescription d = admin.describeTopics(Set.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
            return d.partitions().size();
        }
    }

    private static long committedOffsetTotal(EmbeddedKafka kafka, String groupId) throws Exception {
        try (Admin admin = Admin.create(adminProps(kafka))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(TOPIC) && e.getValue() != null)
                    .collect(Collectors.summingLong(e -> e.getValue().offset()));
        }
    }

    /** The child JVM must be gone: waits (bounded) for its exit to be observed, then checks. */
    private static void assertProcessGone(long pid) throws Exception {
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            handle.get().onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("child process " + pid + " alive after stop").isFalse();
    }
}
