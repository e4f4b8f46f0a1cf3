using MailKit;

namespace Conference.Notification.Delivery;

/// <summary>
/// The SMTP connection's network stream (below MailKit and below TLS), with one hook: after a
/// message's data has started (<see cref="ArmForReply"/>, called from MailKit's first progress report
/// of the DATA phase), the first read MailKit makes is the read of the server's reply to the
/// end-of-data dot. Every byte of the message, dot included, has been written by then, and the
/// server cannot have answered yet in a way this process has seen. The hook runs just before that
/// read, so <see cref="MailSender"/> records the email as sent while the server is still taking it.
/// <para>
/// Why: an email accepted by the server (its 250) but not yet recorded when the process dies is
/// sent again after the restart; plain SMTP cannot ask the server whether it took a message
/// (RFC 1047). Recording at the server's 250 left that window open from the 250 until the record
/// reached PostgreSQL, including the wait for a thread to read the reply (tens of milliseconds on a
/// busy machine). Recording before the read leaves only the instructions between writing the dot
/// and writing the record, in the same thread. A message the server then refuses is set back to
/// pending or failed at once (<see cref="MailSender"/>); only a crash in that instant leaves a
/// refused message marked sent.
/// </para>
/// MailKit never reads during the data phase (no CHUNKING: <see cref="SmtpConnection"/> turns it
/// off, so the data is one DATA ... dot exchange).
/// </summary>
internal sealed class HandOverStream(Stream inner) : Stream, ITransferProgress
{
    private Func<ValueTask>? _beforeReply;
    private Func<ValueTask>? _armed;

    /// <summary>
    /// Arms the hook for the next message: <paramref name="beforeReply"/> runs once, before the first
    /// read after the message's data started. Pass this stream as MailKit's <see cref="ITransferProgress"/>.
    /// </summary>
    public void ArmForReply(Func<ValueTask> beforeReply)
    {
        _beforeReply = beforeReply;
        _armed = null;
    }

    /// <summary>Disarms the hook (after the send, whatever its outcome).</summary>
    public void Disarm()
    {
        _beforeReply = null;
        _armed = null;
    }

    void ITransferProgress.Report(long bytesTransferred, long totalSize) => StartData();

    void ITransferProgress.Report(long bytesTransferred) => StartData();

    private void StartData()
    {
        if (_beforeReply is { } hook)
        {
            _armed = hook;
            _beforeReply = null;
        }
    }

    private ValueTask BeforeReadAsync()
    {
        var hook = _armed;
        _armed = null;
        return hook is null ? ValueTask.CompletedTask : hook();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await BeforeReadAsync();
        using var timeout = Timeout(ReadTimeout, cancellationToken);
        try
        {
            return await inner.ReadAsync(buffer, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The SMTP server sent nothing for {ReadTimeout} ms.");
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        BeforeReadAsync().AsTask().GetAwaiter().GetResult();
        return inner.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        BeforeReadAsync().AsTask().GetAwaiter().GetResult();
        return inner.Read(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var timeout = Timeout(WriteTimeout, cancellationToken);
        try
        {
            await inner.WriteAsync(buffer, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The SMTP server took nothing for {WriteTimeout} ms.");
        }
    }

    // A socket's own timeouts hold only for blocking calls; MailKit's timeout must hold for ours too.
    private static CancellationTokenSource Timeout(int milliseconds, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (milliseconds > 0)
        {
            source.CancelAfter(milliseconds);
        }
        return source;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override bool CanTimeout => inner.CanTimeout;

    public override int ReadTimeout
    {
        get => inner.ReadTimeout;
        set => inner.ReadTimeout = value;
    }

    public override int WriteTimeout
    {
        get => inner.WriteTimeout;
        set => inner.WriteTimeout = value;
    }

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

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
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
