using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Credits.Server.Receipts;

/// <summary>
/// Sends receipts through the configured SMTP server with MailKit. One <see cref="Session"/> is
/// one connection (connect, authenticate, send any number of mails, disconnect); it connects on
/// the first mail, so a batch that has nothing to send opens no connection.
/// </summary>
internal sealed class ReceiptSender(IOptions<ReceiptOptions> options)
{
    /// <summary>A session; dispose it to quit and close the connection.</summary>
    public Session Open() => new(options.Value.Smtp);

    internal sealed class Session(SmtpOptions smtp) : IAsyncDisposable
    {
        private readonly SmtpClient _client = new() { Timeout = (int)Math.Min(smtp.Timeout.TotalMilliseconds, int.MaxValue) };

        /// <summary>Connects (and authenticates) if not connected yet; throws when the server cannot be reached or refuses the login.</summary>
        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            if (_client.IsConnected)
            {
                return;
            }
            await _client.ConnectAsync(smtp.Host, smtp.Port, SocketOptions(smtp.UseTls), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await _client.AuthenticateAsync(smtp.Username, smtp.Password, cancellationToken);
            }
        }

        /// <summary>Sends one mail, connecting first if needed.</summary>
        public async Task SendAsync(MimeMessage mail, CancellationToken cancellationToken)
        {
            await ConnectAsync(cancellationToken);
            await _client.SendAsync(mail, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_client.IsConnected)
                {
                    using var quitting = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _client.DisconnectAsync(quit: true, quitting.Token);
                }
            }
#pragma warning disable CA1031 // Every mail of the session is already sent or failed: a QUIT that fails changes nothing.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            finally
            {
                _client.Dispose();
            }
        }

        private static SecureSocketOptions SocketOptions(SmtpTls tls) => tls switch
        {
            SmtpTls.StartTls => SecureSocketOptions.StartTls,
            SmtpTls.SslOnConnect => SecureSocketOptions.SslOnConnect,
            SmtpTls.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.Auto,
        };
    }
}
