package co.pqr.lakehouse.ops;

import co.pqr.lakehouse.config.PipelineSettings;

/** The lakehouse's settings pointed at another database and warehouse (scratch space). */
final class ScratchSettings {
  private ScratchSettings() {}

  static PipelineSettings of(PipelineSettings s, String pgUrl, String warehouse, java.nio.file.Path dataDir) {
    return new PipelineSettings(s.kafkaBootstrap(), s.topic(), s.groupId(), pgUrl, s.pgUser(), s.pgPassword(),
        warehouse, dataDir, s.checkpointInterval(), s.runWindow(), s.parallelism(), s.maxPayloadBytes(),
        s.webUiPort(), s.goldBatchSize(), s.goldFlushInterval(), "", s.s3(), s.writeDistribution());
  }
}
