namespace SdsLedger.Documents;

/// <summary>A picture that stands beside a section of an Easy Read document, named for what the section is about.</summary>
public enum Picture
{
    Person,
    Money,
    MoneyIn,
    Bought,
    SetAside,
    PaidBack,
    StillToCome,
    Outcomes,
    Contact,
}
