package io.letspulsar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine's kubectl, run with a given kubeconfig. */
public final class Kubectl {
  private final Path kubeconfig;

  public Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** What one kubectl command printed and how it exited. */
  public record Result(int exitCode, String out, String err) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** {@code kubectl apply -f -}: creates or changes the objects of a YAML document. */
  public Result apply(String yaml) {
    return runWithInput(yaml, "apply", "-f", "-");
  }

  /** Runs kubectl with these arguments. */
  public Result run(String... args) {
    return runWithInput("", args);
  }

  /** Runs kubectl with these arguments and this standard input (e.g. for {@code apply -f -}). */
  public Result runWithInput(String stdin, String... args) {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("kubectl-", ".out");
      err = Files.createTempFile("kubectl-", ".err");
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      try (var in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        Processes.kill(process);
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " took over 60 s");
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kubectl (is it on the PATH?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      for (Path file : new Path[] {out, err}) {
        if (file != null) {
          file.toFile().delete();
        }
      }
    }
  }
}
