namespace SdsLedger.Documents.Layout;

/// <summary>The layout pass: blocks take space from the top of the current page's body area and start new pages as needed.</summary>
internal sealed class PageFlow
{
    private readonly List<List<PageItem>> pages = [[]];

    public PageFlow(PageFrame frame, Typesetter type)
    {
        Frame = frame;
        Type = type;
        Y = frame.BodyTop;
    }

    public PageFrame Frame { get; }
    public Typesetter Type { get; }
    public DocumentStyle Style => Frame.Style;

    /// <summary>Top of the free space on the current page.</summary>
    public float Y { get; private set; }

    public float Remaining => Frame.BodyBottom - Y;
    public bool AtTopOfPage => Y <= Frame.BodyTop;
    public IReadOnlyList<IReadOnlyList<PageItem>> Pages => pages;

    public void NewPage()
    {
        pages.Add([]);
        Y = Frame.BodyTop;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> fits on this one; an empty page takes whatever comes.</summary>
    public void EnsureRoom(float height)
    {
        if (height > Remaining && !AtTopOfPage)
            NewPage();
    }

    /// <summary>
    /// Starts a new page unless <paramref name="height"/>, what should stay together (a heading and the first rows under
    /// it, a short table), fits on this one; but never leaves this page less than half full: then it starts here and
    /// breaks where it must. So no page but the last is less than half full because of what came after it.
    /// </summary>
    public void KeepTogether(float height)
    {
        if (height > Remaining && Y - Frame.BodyTop >= (Frame.BodyBottom - Frame.BodyTop) / 2)
            NewPage();
    }

    /// <summary>Space between blocks; none at the top of a page.</summary>
    public void Gap(float height)
    {
        if (!AtTopOfPage)
            Y = Math.Min(Y + height, Frame.BodyBottom);
    }

    public void Advance(float height) => Y += height;

    public void Add(PageItem item) => pages[^1].Add(item);

    /// <summary>Places one line of text in a line box whose top edge is at <paramref name="top"/>.</summary>
    public void AddLine(string text, float x, Weight weight, float size, float lineHeight, float top) =>
        Add(new TextItem(text, x, top + Type.BaselineOffset(weight, size, lineHeight), weight, size));
}
