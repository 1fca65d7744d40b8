// Owns showing how far a long command-line job has read its input file (import), on stderr so stdout stays the result.
using System.Globalization;

namespace SalesCoach.Functions.Cli;

/// <summary>A read-only stream over a file that writes "import: 37 % (190 of 512 MiB)" at most once a second, and at the end.</summary>
public sealed class ProgressStream(Stream inner, TextWriter progress, string job, TimeProvider time) : Stream
{
    private readonly long length = inner.CanSeek ? inner.Length : -1;
    private long read;
    private DateTimeOffset lastReport = DateTimeOffset.MinValue;
    private bool finished;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int bytes)
    {
        read += bytes;
        var now = time.GetUtcNow();
        if ((bytes == 0 && !finished) || now - lastReport >= TimeSpan.FromSeconds(1))
        {
            finished |= bytes == 0;
            lastReport = now;
            progress.WriteLine(length > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{job}: {100.0 * read / length:F0} % ({read / 1048576.0:F1} of {length / 1048576.0:F1} MiB read)")
                : string.Create(CultureInfo.InvariantCulture, $"{job}: {read / 1048576.0:F1} MiB read"));
        }
        return bytes;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
