using Credits.AspNetCore.Grpc;
using Credits.AspNetCore.Tests.Studio;
using Grpc.Core;

namespace Credits.AspNetCore.Tests.Support;

/// <summary>The product's gRPC service: each method priced with the attribute, as a team would write it.</summary>
internal sealed class PaintingStudio(HandlerProbe handlers) : Studio.StudioService.StudioServiceBase
{
    [RequireCredits(TestLedger.Feature)]
    public override Task<PaintReply> Paint(PaintRequest request, ServerCallContext context)
    {
        handlers.Ran("paint");
        return Task.FromResult(new PaintReply { Image = $"a painting of {request.Prompt}" });
    }

    [RequireCredits(4)]
    public override Task<PaintReply> Smudge(PaintRequest request, ServerCallContext context)
    {
        handlers.Ran("smudge");
        throw new InvalidOperationException("the paid operation failed");
    }

    [RequireCredits(4)]
    public override Task<PaintReply> Refuse(PaintRequest request, ServerCallContext context)
    {
        handlers.Ran("refuse");
        context.Status = new Status(StatusCode.Aborted, "changed its mind");
        return Task.FromResult(new PaintReply());
    }

    [RequireCredits(10)]
    public override Task<PaintReply> Sketch(PaintRequest request, ServerCallContext context)
    {
        handlers.Ran("sketch");
        context.UseCredits(3);
        return Task.FromResult(new PaintReply { Image = "a sketch" });
    }

    [RequireCredits(4)]
    public override async Task<PaintReply> Wait(PaintRequest request, ServerCallContext context)
    {
        handlers.Ran("gated");
        await handlers.Gate.WaitAsync(context.CancellationToken);
        return new PaintReply { Image = "waited" };
    }
}
