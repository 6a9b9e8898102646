package co.pqr.lakehouse.iceberg;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * Iceberg file access for a warehouse on the local disk, through java.nio. Iceberg's default
 * HadoopFileIO goes through Hadoop's local file system, which writes a {@code .crc} file beside
 * every file and forks a {@code chmod} process for every directory it creates; with tables
 * partitioned by tenant and day that dominated the write time.
 */
public class LocalFileIO implements FileIO {

  @Override
  public InputFile newInputFile(String path) {
    return org.apache.iceberg.Files.localInput(toFile(path));
  }

  @Override
  public OutputFile newOutputFile(String path) {
    File file = toFile(path);
    File parent = file.getAbsoluteFile().getParentFile();
    try {
      // Race-free, unlike the check-then-mkdirs of Iceberg's local output file: parallel writers
      // create files in the same new partition directory at the same moment.
      Files.createDirectories(parent.toPath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create directory " + parent, e);
    }
    return org.apache.iceberg.Files.localOutput(file);
  }

  @Override
  public void deleteFile(String path) {
    try {
      Files.deleteIfExists(toFile(path).toPath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  static File toFile(String location) {
    if (location.startsWith("file:")) {
      return Path.of(URI.create(location.startsWith("file:///") || !location.startsWith("file:/")
          ? location : "file://" + location.substring("file:".length()))).toFile();
    }
    return new File(location);
  }

  /** Whether a warehouse location is on the local disk (no scheme, or file:). */
  public static boolean isLocal(String warehouse) {
    return !warehouse.contains("://") || warehouse.startsWith("file:");
  }
}
