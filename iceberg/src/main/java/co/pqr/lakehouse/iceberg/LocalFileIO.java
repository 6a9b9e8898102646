package co.pqr.lakehouse.iceberg;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.iceberg.hadoop.HadoopOutputFile;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * Iceberg file access for a warehouse on the local disk. Iceberg's default HadoopFileIO goes
 * through Hadoop's checksummed local file system, which writes a {@code .crc} file beside every
 * file and forks a {@code chmod} process for every directory it creates; with tables partitioned
 * by tenant and day that dominated the write time. Here directories are made with java.nio and
 * data files are written through Hadoop's raw local file system.
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
      // Race-free, unlike a check-then-mkdirs: parallel writers create files in the same new
      // partition directory at the same moment. Created here with java.nio, so Hadoop never forks.
      Files.createDirectories(parent.toPath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create directory " + parent, e);
    }
    // Data files: a Hadoop output file over Hadoop's raw local file system (no .crc side files), so
    // that Iceberg's Parquet writer copies this small, already-loaded configuration instead of
    // parsing Hadoop's default XML resources again for every data file it opens.
    if (!path.endsWith(".parquet")) {
      // Table metadata, manifests: plain local files, locations kept exactly as given (the
      // catalog compares metadata locations as text).
      return org.apache.iceberg.Files.localOutput(file);
    }
    return HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(path), RAW_LOCAL);
  }

  private static final Configuration RAW_LOCAL = rawLocal();

  private static Configuration rawLocal() {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
    conf.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.RawLocalFs");
    conf.get("fs.file.impl");
    return conf;
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
