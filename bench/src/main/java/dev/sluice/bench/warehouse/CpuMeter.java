package dev.sluice.bench.warehouse;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * CPU seconds spent by this JVM and by the benchmarked PostgreSQL's processes (read from /proc), so
 * that two ways of loading can be compared by the work they cost, not only by wall-clock time on a
 * machine shared with other builds.
 */
final class CpuMeter {
  private static final double TICKS = 100.0; // USER_HZ on Linux

  /** The benchmarked server's postmaster: only it and its children count (others may run here). */
  private static long postmaster = -1;

  private CpuMeter() {}

  /** Finds the server's postmaster (superuser: data_directory/postmaster.pid); else NaN later. */
  static void postmaster(Connection c) {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW data_directory")) {
      rs.next();
      Path pid = Path.of(rs.getString(1), "postmaster.pid");
      postmaster = Long.parseLong(Files.readAllLines(pid).get(0).strip());
    } catch (SQLException | IOException | RuntimeException e) {
      postmaster = -1;
    }
  }

  /** {jvm, postgres} CPU seconds so far. */
  static double[] now() {
    double jvm =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
            / 1e9;
    return new double[] {jvm, postgres()};
  }

  private static double postgres() {
    if (postmaster < 0) {
      return Double.NaN;
    }
    double total = 0;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(p.resolve("stat"));
          int close = stat.lastIndexOf(')');
          String comm = stat.substring(stat.indexOf('(') + 1, close);
          String[] f = stat.substring(close + 2).split(" ");
          // field 4 of stat (ppid) is 1 after the command
          long pid = Long.parseLong(name);
          if (!comm.equals("postgres")
              || (pid != postmaster && Long.parseLong(f[1]) != postmaster)) {
            continue;
          }
          // fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command
          total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
        } catch (IOException | RuntimeException e) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return total;
  }
}
