"""Word lists the generated company names, streets and cities are made of (realistic, fictional)."""

from __future__ import annotations


def word_list(text: str) -> tuple[str, ...]:
    """A tuple of the whitespace-separated words of `text` (keeps the lists readable)."""
    return tuple(text.split())


SURNAMES = word_list(
    """Abbott Acosta Adler Alvarez Archer Armstrong Atwood Bailey Baker Baldwin Barlow Barnes
    Bauer Baxter Beck Bennett Bishop Blackwell Blake Bowman Bradley Brennan Brooks Burke
    Caldwell Cameron Carver Castillo Chambers Chandler Chen Clarke Cohen Coleman Collins Conway
    Cooper Crawford Cross Dalton Davenport Dawson Delgado Dixon Donovan Drake Dunn Ellis Emerson
    Erickson Evans Farley Fischer Fleming Fletcher Ford Foster Fowler Franklin Fraser Fuller
    Gallagher Garner Gibson Gilbert Goodwin Graham Grant Griffin Hale Hammond Hardy Harper
    Hartley Hawkins Hayes Henderson Hendricks Hoffman Holland Holt Hopkins Howell Hughes Hunt
    Ingram Jacobs Jensen Jordan Keller Kemp Kennedy Kent Kerr Kimball Knight Kramer Lambert
    Landry Larsen Lawson Lehmann Lindsey Logan Lowell Lynch Mackenzie Maddox Malone Marsh
    Mason Maxwell McCarthy Mercer Meyer Middleton Monroe Moreno Morgan Morrison Murphy Nash
    Newman Nolan Norris Novak Oakley Olsen Osborne Owens Palmer Parker Patel Pearson Perkins
    Porter Prescott Quinn Ramsey Randall Reed Reeves Reyes Richter Riley Rivera Rowe Russell
    Sanders Sawyer Schmidt Schneider Shaw Shelton Sherman Simmons Sinclair Sloan Spencer Stanton
    Stark Stevens Stone Sullivan Sutton Tanaka Taylor Thornton Tucker Turner Vance Vargas
    Vaughn Wagner Walsh Warner Watts Weaver Webb Wheeler Whitaker Whitman Wilder Winslow
    Wolfe Woodward Wright Yates Young Zimmerman"""
)

_SURNAME_HEADS = word_list(
    """Ash Brad Bram Chat Craw Fair Hal Hart Kings Lang Mid Nor Pem Red Rock Shel Stan Stock
    Thorn Wal Wen West Whit Wood Black Brook Cole Dun Ever Glen"""
)
_SURNAME_TAILS = word_list("ford ley ton field well wood worth by dale more wick ham bury den")
#: Place-like English surnames (Ashford, Whitfield...) that widen the pool without word lists.
SURNAMES = SURNAMES + tuple(h + t for h in _SURNAME_HEADS for t in _SURNAME_TAILS)

#: Trades that read naturally after a surname: "Hartwell Heating & Cooling".
SERVICE_PAIRS = (
    "Heating & Cooling",
    "Sales & Service",
    "Tool & Die",
    "Tax & Accounting",
    "Sand & Gravel",
    "Lock & Key",
    "Sign & Banner",
    "Tire & Auto",
    "Bath & Kitchen",
    "Title & Escrow",
)

#: A few names with letters beyond ASCII, mixed into the surname pool.
ACCENTED_SURNAMES = (
    "Müller",
    "Böhm",
    "Grünewald",
    "Søndergaard",
    "Ångström",
    "Dvořák",
    "Łukasiewicz",
    "Núñez",
    "Peña",
    "Françoise",
    "Čapek",
    "Østergaard",
    "Jäger",
    "Lefèvre",
    "Gómez",
)

INDUSTRIES = word_list(
    """Accounting Advisory Aerospace Analytics Architecture Automotive Bakery Biotech Brewing
    Builders Cabinetry Capital Catering Chemicals Clinic Construction Consulting Dental Design
    Distribution Electric Electronics Energy Engineering Environmental Fabrication Farms
    Financial Fitness Foods Freight Furniture Glass Graphics Hardware Healthcare Hospitality
    Imaging Insurance Interiors Investments Labs Landscaping Law Leasing Logistics Lumber
    Machining Manufacturing Marine Media Medical Metals Mining Motors Optics Orthodontics
    Packaging Paving Pharmacy Plastics Plumbing Printing Properties Publishing Realty Recycling
    Roofing Security Shipping Software Solar Staffing Steel Supply Surveying Systems Telecom
    Textiles Tooling Transport Travel Veterinary Ventures Wellness Wholesale"""
)

DESCRIPTORS = word_list(
    """Allied American Apex Atlantic Bayside Beacon Blue Bright Capital Cardinal Cascade Central
    Coastal Compass Crescent Crown Delta Eagle Eastern Elite Empire Evergreen First Frontier
    Golden Granite Great Harbor Heritage Highland Horizon Iron Keystone Lakeside Liberty
    Lighthouse Meridian Metro Midwest Mountain National Northern Oak Pacific Paramount Patriot
    Peak Pinnacle Pioneer Premier Prime Quantum Redwood Regal Ridge River Sierra Silver Summit
    Sunrise Superior Titan Tri-County Union United Valley Vanguard Vista Western"""
)

COMPOUND_HEADS = word_list("Blue Bright Clear Cloud Data Net Next Pro Smart Swift Tech True")
COMPOUND_TAILS = word_list("bridge core forge gate line path point sphere stream wave works")
COMPOUND_NOUNS = ("Solutions", "Systems", "Technologies", "Networks", "Partners", "Labs")

#: Legal suffix and the country it suggests (None: any country).
LEGAL_SUFFIXES: tuple[tuple[str, str | None], ...] = (
    ("Inc", "US"),
    ("Inc.", "US"),
    ("LLC", "US"),
    ("Corp", "US"),
    ("Corporation", "US"),
    ("Co.", None),
    ("Ltd", "GB"),
    ("Ltd.", "GB"),
    ("Limited", "GB"),
    ("PLC", "GB"),
    ("LLP", "GB"),
    ("GmbH", "DE"),
    ("AG", "DE"),
    ("Pty Ltd", "AU"),
    ("S.A.", "FR"),
    ("SARL", "FR"),
    ("B.V.", "NL"),
    ("ApS", "DK"),
)

NORTHWIND_SUFFIXES: tuple[tuple[str, str | None], ...] = (
    ("AB", "SE"),
    ("AS", "NO"),
    ("A/S", "DK"),
    ("ApS", "DK"),
    ("GmbH", "DE"),
    ("Ltd", "GB"),
    ("Inc", "US"),
    ("S.A.", "FR"),
    ("B.V.", "NL"),
    ("& Co.", None),
)

NORTHWIND_SURNAMES = word_list(
    """Aalto Andersen Berg Bergstrom Bjork Dahl Eklund Engstrom Falk Forsberg Gustafsson Hagen
    Halvorsen Hansen Hedlund Holm Isaksen Johansson Karlsson Kristensen Lind Lindqvist Lund
    Magnusson Nielsen Nordin Nyberg Olsson Pedersen Rasmussen Sandberg Sjoberg Solberg Strand
    Svensson Thorsen Vik Wallin Westergaard Wikstrom Alfreds Ana Antonio Around Berglunds
    Blauer Blondel Bolido Bottom Cactus Centro Chop Comercio Consolidated Drachenblut Eastern
    Ernst Familia Folies Frankenversand Furia Galeria Godos Gourmet Great Hanari Hungry Island
    Koniglich Laughing Lazy Lehmanns Lonesome Magazzini Maison Mere Morgenstern North Oceano
    Old Ottilies Paris Pericles Piccolo Princesa Queen Rancho Rattlesnake Reggiani Ricardo
    Santa Save Seven Simons Split Supremes Tortuga Tradicao Trails Vaffeljernet Victuailles
    Vins Wartian Wellington White Wilman Wolski"""
)

NORTHWIND_INDUSTRIES = word_list(
    """Imports Exports Provisions Trading Delicatessen Foods Grocers Markets Mercantile
    Victuals Breweries Dairies Bakeries Fisheries Spices Confections Cellars Orchards Mills
    Shipping Warehousing Wholesale Traders Outfitters Emporium Pantry Kitchens Creamery
    Roasters Canners Distillers Vintners Provisioners Suppliers"""
)

NORTHWIND_DESCRIPTORS = word_list(
    """Nordic Baltic Alpine Coastal Harbour Fjord Northern Old Royal Golden Silver Green
    Valley Meadow Island Lake River Forest Highland Continental Atlantic Arctic Prairie Sunny
    Eastern Western Southern Grand Little Crown"""
)

STREET_NAMES = word_list(
    """Oak Maple Cedar Pine Elm Washington Lake Hill Park Main Church High Station Mill Market
    River Spring Chestnut Walnut Willow Jackson Lincoln Franklin Madison Highland Sunset
    Meadow Forest Bridge Harbor Commerce Industrial Corporate Enterprise Technology"""
)
STREET_KINDS = ("Street", "Avenue", "Road", "Drive", "Lane", "Boulevard", "Way", "Parkway")

#: Country code -> (CountryReference id, name, cities as (city, state, zip prefix)).
COUNTRIES: dict[str, tuple[int, str, tuple[tuple[str, str, str], ...]]] = {
    "US": (
        1,
        "United States",
        (
            ("Columbus", "OH", "432"),
            ("Tampa", "FL", "336"),
            ("Austin", "TX", "787"),
            ("Denver", "CO", "802"),
            ("Portland", "OR", "972"),
            ("Raleigh", "NC", "276"),
            ("Madison", "WI", "537"),
            ("Phoenix", "AZ", "850"),
            ("Boston", "MA", "021"),
            ("Nashville", "TN", "372"),
        ),
    ),
    "CA": (2, "Canada", (("Toronto", "ON", "M5V"), ("Calgary", "AB", "T2P"))),
    "GB": (
        5,
        "United Kingdom",
        (("London", "Greater London", "EC1"), ("Leeds", "West Yorkshire", "LS1")),
    ),
    "DE": (11, "Germany", (("München", "Bayern", "803"), ("Köln", "Nordrhein-Westfalen", "506"))),
    "AU": (14, "Australia", (("Sydney", "NSW", "20"), ("Melbourne", "VIC", "30"))),
    "FR": (
        17,
        "France",
        (("Paris", "Île-de-France", "750"), ("Lyon", "Auvergne-Rhône-Alpes", "690")),
    ),
    "NL": (23, "Netherlands", (("Amsterdam", "Noord-Holland", "101"),)),
    "DK": (29, "Denmark", (("København", "Hovedstaden", "12"), ("Århus", "Midtjylland", "80"))),
    "SE": (31, "Sweden", (("Stockholm", "Stockholm", "111"), ("Malmö", "Skåne", "211"))),
    "NO": (37, "Norway", (("Oslo", "Oslo", "01"), ("Tromsø", "Troms", "90"))),
}

TLDS = {
    "US": ".com",
    "CA": ".ca",
    "GB": ".co.uk",
    "DE": ".de",
    "AU": ".com.au",
    "FR": ".fr",
    "NL": ".nl",
    "DK": ".dk",
    "SE": ".se",
    "NO": ".no",
}
