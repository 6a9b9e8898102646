package co.pqr.lakehouse.io;

/** A record that carries the run it belongs to. */
public interface RunTagged {
  String runId();

  int runSeq();
}
