"""Word lists the generated company names, streets and cities are made of (realistic, fictional).

The lists are large on purpose: a real PSA tenant of 50,000 companies has few repeated
names, so the names are drawn from hundreds of thousands of combinations, not thousands.
"""

from __future__ import annotations


def word_list(text: str) -> tuple[str, ...]:
    """A tuple of the whitespace-separated words of `text`, first occurrence kept."""
    return tuple(dict.fromkeys(text.split()))


def phrase_list(text: str) -> tuple[str, ...]:
    """A tuple of the comma-separated phrases of `text` ("Heating & Air, Pest Control")."""
    return tuple(dict.fromkeys(" ".join(p.split()) for p in text.split(",") if p.strip()))


def crossed(heads: tuple[str, ...], tails: tuple[str, ...]) -> tuple[str, ...]:
    """Every head joined to every tail: "Ash" x "ford" -> "Ashford"."""
    return tuple(h + t for h in heads for t in tails)


_LISTED_SURNAMES = word_list(
    """Abbott Acosta Adams Adler Ahmed Aldridge Allen Alvarez Anderson Archer Armstrong Arnold
    Atkins Atwood Austin Bailey Baker Baldwin Ball Banks Barker Barlow Barnes Barrett Bates
    Bauer Baxter Beck Bell Bennett Benson Berry Bishop Black Blackwell Blake Bond Booth Bowen
    Bowman Boyd Bradley Brady Brennan Briggs Brooks Brown Bryant Buchanan Burke Burns Burton
    Butler Byrne Caldwell Cameron Campbell Carlson Carpenter Carr Carroll Carter Carver Casey
    Castillo Chambers Chandler Chapman Chen Clark Clarke Cohen Cole Coleman Collins Conway Cook
    Cooper Craig Crawford Cross Cunningham Curtis Dalton Daniels Davenport Davidson Davies
    Dawson Dean Delgado Dennis Dixon Donovan Doyle Drake Duncan Dunn Edwards Elliott Ellis
    Emerson Erickson Evans Farley Farrell Ferguson Fischer Fisher Fitzgerald Fleming Fletcher
    Flynn Ford Foster Fowler Franklin Fraser Freeman Fuller Gallagher Gardner Garner Garrett
    Gibbs Gibson Gilbert Gill Goodman Goodwin Gordon Graham Grant Graves Gray Greene Gregory
    Griffin Griffiths Hale Hall Hamilton Hammond Hanson Hardy Harper Harris Hartley Harvey
    Hawkins Hayes Henderson Hendricks Henry Hicks Hill Hobbs Hoffman Holland Holmes Holt
    Hopkins Horton Howard Howell Hughes Hunt Hunter Hutchinson Ingram Jackson Jacobs James
    Jenkins Jennings Jensen Johnston Jordan Kane Keller Kelly Kemp Kennedy Kent Kerr Kimball
    King Knight Kramer Lambert Landry Lane Larsen Lawrence Lawson Lehmann Lewis Lindsey Lloyd
    Logan Lowe Lowell Lynch Mackenzie Maddox Malone Mann Marsh Marshall Martin Mason Matthews
    Maxwell McCarthy McDonald McKenzie Mercer Meyer Middleton Miles Miller Mills Mitchell
    Monroe Moore Moreno Morgan Morris Morrison Morton Murphy Murray Nash Newman Newton Nichols
    Nolan Norris Novak Oakley O'Connor O'Neill Olsen Osborne Owens Palmer Parker Parsons Patel
    Patterson Payne Pearce Pearson Perkins Perry Peters Phillips Pierce Porter Potter Powell
    Pratt Prescott Price Quinn Ramsey Randall Reed Reeves Reid Reyes Reynolds Rhodes Rice
    Richards Richter Riley Rivera Roberts Robertson Robinson Rogers Ross Rowe Russell Ryan
    Sanders Sawyer Schmidt Schneider Scott Shaw Shelton Sherman Simmons Simpson Sinclair
    Slater Sloan Spencer Stanton Stark Steele Stephens Stevens Stewart Stone Sullivan Sutton
    Swanson Tanaka Taylor Thomas Thompson Thornton Todd Tucker Turner Vance Vargas Vaughn Wade
    Wagner Walker Wallace Walsh Walters Ward Warner Warren Watson Watts Weaver Webb Webster
    Wells Wheeler Whitaker Whitman Wilder Wilkinson Williams Willis Wilson Winslow Wolfe
    Woodward Wright Wyatt Yates Young Zimmerman Bianchi Romano Russo Ferrari Esposito Colombo
    Ricci Marino Greco Bruno Gallo Conti DeLuca Mancini Costa Giordano Rizzo Lombardi Moretti
    Barbieri Fontana Santoro Caruso Garcia Martinez Rodriguez Lopez Hernandez Gonzalez Perez
    Sanchez Ramirez Torres Flores Diaz Morales Ortiz Gutierrez Chavez Ramos Ruiz Mendoza Castro
    Vasquez Herrera Medina Aguilar Silva Pereira Santos Oliveira Ferreira Almeida Carvalho
    Souza Becker Hoffmann Schulz Koch Klein Neumann Schwarz Braun Krueger Hartmann Lange Werner
    Krause Vogel Jansen DeVries VanDijk Bakker Visser Smit Mulder DeBoer Dekker Nilsen Lindgren
    Eriksen Halvorsen Solberg Lund Kowalski Nowak Wisniewski Wojcik Kaminski Lewandowski
    Zielinski Novotny Horvat Petrov Ivanov Popescu Wang Zhang Liu Yang Huang Zhao Zhou Xu Sun
    Zhu Guo Lin Gao Luo Zheng Liang Xie Tang Han Feng Deng Cao Peng Zeng Tan Lim Wong Chan
    Leung Lau Cheung Kim Park Choi Jung Kang Cho Yoon Jang Nguyen Tran Pham Hoang Phan Dang
    Bui Duong Sato Suzuki Takahashi Watanabe Yamamoto Nakamura Kobayashi Kato Yoshida Yamada
    Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Mori Sharma Singh Kumar Gupta Shah
    Mehta Joshi Reddy Rao Iyer Nair Menon Pillai Desai Kapoor Malhotra Chopra Bhatia Verma
    Agarwal Banerjee Chatterjee Bose Mukherjee Haddad Khoury Nasser Hakim Saleh Mansour Farah
    Aziz Karimi Rahimi Hosseini Yilmaz Demir Celik Kaya Sahin Ozturk Papadopoulos Georgiou
    Nikolaidis Dimitriou Alexiou Kavanagh Keane Kearney Maguire McGrath Quigley Regan Sheehan
    Whelan Doherty Duffy Okafor Adeyemi Mensah Osei Nkosi Mwangi Kamau Diallo Traore"""
)
_SURNAME_HEADS = word_list(
    """Ash Brad Bram Chat Craw Fair Hal Hart Kings Lang Mid Nor Pem Red Rock Shel Stan Stock
    Thorn Wal Wen West Whit Wood Black Brook Cole Dun Ever Glen Ald Bar Bur Carl Dray Ed Elling
    Farn Gar Hather Her Kel Lyn Mar Mel Pres Rad Sher Tal Wil Wyn Ab Ayles Bea Bel Brent Cam
    Dor Eg Fel Gos Hes Knott Lin Mal Oak Pen Ren Sef Sut Tam Ux Wat Wel"""
)
_SURNAME_TAILS = word_list(
    "ford ley ton field well wood worth by dale more wick ham bury den stone cott"
)
#: Real and place-like English surnames (Ashford, Whitfield...): well over a thousand.
SURNAMES = _LISTED_SURNAMES + crossed(_SURNAME_HEADS, _SURNAME_TAILS)

#: A few names with letters beyond ASCII, mixed into the surname pool.
ACCENTED_SURNAMES = word_list(
    """Müller Böhm Grünewald Søndergaard Ångström Dvořák Łukasiewicz Núñez Peña Françoise Čapek
    Østergaard Jäger Lefèvre Gómez Schäfer Weiß Krüger Fößel Jørgensen Håkansson Gonçalves
    Méndez Ibáñez Ruíz Nørgaard Wójcik Šimek Horváth Özdemir Çelik Bäcker Lindström"""
)

FIRST_NAMES = word_list(
    """Aaron Abigail Adam Aiden Alan Alex Alice Amanda Amy Andrea Andrew Angela Anna Anthony
    Ashley Ben Beth Brian Caleb Carlos Carmen Carol Caroline Chloe Chris Christina Claire Colin
    Connor Craig Daniel Dana David Deborah Derek Diana Diego Dominic Donna Dylan Edward Elena
    Elizabeth Emily Emma Eric Ethan Fatima Fiona Frank Gabriel Gary Grace Grant Hannah Heather
    Helen Henry Holly Ian Isaac Isabel Jack Jacob James Jane Jasmine Jason Jeff Jennifer Jessica
    Joanna John Jonathan Jose Joseph Joy Julia Justin Karen Kate Keith Kevin Kyle Laura Lauren
    Leo Liam Linda Lisa Logan Lucas Lucy Luis Luke Maria Mark Martin Mary Matt Megan Melissa
    Michael Michelle Mike Mohammed Nathan Neil Nicole Noah Nora Olivia Omar Owen Patrick Paul
    Peter Priya Rachel Raj Rebecca Ricardo Robert Rosa Ryan Sam Samantha Sandra Sara Scott Sean
    Simon Sofia Sophie Stephen Steve Susan Tara Thomas Tim Tom Tony Tyler Valerie Victor
    Vincent Wei Will Yuki Zoe"""
)

_PLACE_HEADS = word_list(
    """Alder Aspen Bay Bear Beech Bell Birch Bluff Boulder Canyon Cedar Cherry Clay Clear Cliff
    Cold Copper Coral Crane Crystal Cypress Deer Eagle Elk Elm Fern Fox Frost Garden Gold
    Granite Green Hawk Hazel Heather Hickory Holly Iron Ivy Juniper Lake Laurel Linden Lynn
    Maple Marsh Meadow Mill Mist Moss Oak Orchard Otter Pebble Pine Pond Poplar Quail Raven
    River Rose Sage Salt Sand Shadow Silver Snow Spring Spruce Star Summer Sun Swan Thistle
    Timber Walnut Willow Winter Wolf Wren"""
)
_PLACE_TAILS = word_list(
    "brook burg crest dale field gate haven hill hurst land mont moor mouth port ridge side "
    "stead vale view ville bridge combe cross fold grove hollow park point shire springs town "
    "wells"
)
_LISTED_PLACES = word_list(
    """Springfield Riverside Greenville Bristol Clinton Fairview Salem Georgetown Arlington
    Ashland Burlington Manchester Milton Newport Oxford Dover Hudson Kingston Lebanon Marion
    Auburn Dayton Lexington Milford Winchester Cleveland Jamestown Oakland Richmond Columbia
    Cambridge Chester Durham Lancaster Windsor York Exeter Norwich Preston Reading Sheffield
    Brighton Bedford Derby Stafford Warwick Boston Portland Austin Denver Tampa Phoenix Raleigh
    Savannah Charleston Atlanta Memphis Tucson Boise Spokane Tacoma Fresno Sacramento Reno Omaha
    Wichita Tulsa Dallas Houston Orlando Miami Buffalo Albany Hartford Providence Trenton
    Newark Akron Toledo Erie Scranton Duluth Fargo Lansing Peoria Joliet Aurora Naperville
    Evanston Brisbane Perth Adelaide Hobart Auckland Calgary Halifax Ottawa Toronto Vancouver
    Victoria Leeds Bath Hull Glasgow Cardiff Belfast Dublin Cork Galway Limerick"""
)
#: Regions read like places: "Gulf Coast Roofing", "Tri-County Plumbing".
REGIONS = phrase_list(
    """Tri-County, Tri-State, Gulf Coast, Bay Area, Mid-Atlantic, Pacific Northwest, Hudson
    Valley, Blue Ridge, High Plains, Great Lakes, Lowcountry, Front Range, Inland Empire,
    Central Valley, North Shore, South Shore, East Bay, West End, Twin Cities, Three Rivers,
    Ozark, Cascade, Rocky Mountain, Big Sky, Lone Star, Heartland, Tidewater, Piedmont,
    Chesapeake, Shenandoah, Puget Sound, Cape Cod, Long Island, Upstate, Downtown, Midtown,
    Uptown, Northside, Southside, Eastside, Westside, Lakeshore, Valley, Coastal, Capitol"""
)
PLACES = _LISTED_PLACES + crossed(_PLACE_HEADS, _PLACE_TAILS)

INDUSTRIES = phrase_list(
    """Accounting, Advisory, Aerospace, Air Conditioning, Analytics, Animal Hospital, Appliance
    Repair, Architecture, Architects, Asphalt, Auto Body, Auto Glass, Auto Parts, Auto Repair,
    Automotive, Aviation, Bakery, Bathrooms, Bicycles, Biotech, Bookkeeping, Brewing, Builders,
    Building Supply, Cabinetry, Carpet Cleaning, Carpentry, Catering, Chemicals, Chiropractic,
    Cleaning, Clinic, Coffee Roasters, Collision, Communications, Concrete, Construction,
    Consulting, Contractors, Counseling, Courier, Dairy, Data Services, Demolition, Dental,
    Dental Care, Dental Group, Dermatology, Design, Design Build, Diagnostics, Distribution,
    Distributors, Drywall, Electric, Electrical, Electronics, Elevator, Energy, Engineering,
    Environmental, Equipment, Excavating, Eye Care, Fabrication, Family Dentistry, Family
    Medicine, Farms, Fencing, Financial, Fire Protection, Fitness, Flooring, Florist, Foods,
    Freight, Funeral Home, Furniture, Garage Doors, Gardens, Glass, Golf, Graphics, Grocery,
    Gutters, Hardware, Health, Healthcare, Heating, Heating & Air, Heating & Cooling, Home
    Health, Homes, Hospitality, Hotels, HVAC, Imaging, Industries, Infrastructure, Inspection,
    Insurance, Insurance Agency, Interiors, Investments, Irrigation, IT Services, Janitorial,
    Jewelers, Kitchens, Labs, Land Surveying, Landscaping, Law, Law Group, Lawn Care, Leasing,
    Legal, Lighting, Limousine, Lock & Key, Logistics, Lumber, Machine Works, Machining,
    Management, Manufacturing, Marine, Marketing, Masonry, Mechanical, Media, Medical, Medical
    Group, Metal Works, Metals, Millwork, Mining, Mortgage, Motors, Moving, Movers, Nursery,
    Nutrition, Optical, Optometry, Orthodontics, Outfitters, Packaging, Painting, Paving,
    Pediatrics, Pest Control, Pet Care, Pharmacy, Photography, Physical Therapy, Plastics,
    Plumbing, Plumbing & Heating, Pool & Spa, Pools, Power, Precast, Pressure Washing,
    Printing, Products, Properties, Property Management, Publishing, Radiology, Real Estate,
    Realty, Recovery, Recycling, Remodeling, Renovations, Rentals, Restaurant Group,
    Restoration, Roofing, Sales & Service, Sand & Gravel, Sanitation, Scaffolding, Security,
    Septic, Services, Sheet Metal, Shipping, Signs, Siding, Software, Solar, Staffing, Steel,
    Storage, Supply, Surveying, Systems, Tax & Accounting, Tax Service, Telecom, Textiles, Tile,
    Tile & Stone, Tire & Auto, Title & Escrow, Tool & Die, Tooling, Towing, Trading, Transport,
    Transportation, Travel, Tree Service, Trucking, Upholstery, Urgent Care, Utilities,
    Vending, Ventures, Veterinary, Vet Clinic, Waste, Water, Water Treatment, Welding,
    Wellness, Wholesale, Windows, Windows & Doors, Wine, Wireless"""
)

DESCRIPTORS = word_list(
    """Advanced Allied All-Star American Apex Atlantic Bayside Beacon Blue Bright Capital
    Cardinal Cascade Central Certified Champion Classic Coastal Commonwealth Compass Complete
    Continental Crescent Crown Custom Delta Diamond Direct Dominion Dynamic Eagle Eastern Elite
    Empire Essential Evergreen Excel Express First Five-Star Frontier Galaxy Gateway General
    Global Golden Great Guardian Harbor Heritage Highland Horizon Ideal Imperial Independent
    Infinity Integrity Keystone Lakeside Landmark Legacy Liberty Lighthouse Majestic Meridian
    Metro Midwest Modern Monarch Mountain National Nationwide Northern Northstar Omega Pacific
    Paramount Patriot Peak Pinnacle Pioneer Platinum Precision Premier Prestige Prime
    Professional Quality Quantum Redwood Regal Regional Reliable Reliance Royal Sapphire Select
    Sentinel Sierra Signature Skyline Southern Sovereign Spectrum Standard Sterling Strategic
    Summit Sunrise Superior Titan Total Trinity Triumph Trusted Ultimate Union United Universal
    Vanguard Victory Vista Western"""
)

#: Invented brand names are an onset, a joining consonant (maybe none) and an ending.
BRAND_ONSETS = word_list(
    """Ab Ac Ad Al Am An Ar As Ax Bel Bio Bo Bri Cal Cam Cel Cer Cla Co Cor Cy Da Del Dy El Em
    En Ev Fa Fi Flo Ga Gen Hal He Hy In Io Ja Ka Ke Ki Kor La Le Lu Ly Ma Me Mi Mo Na Ne Nex No
    Nu Ob Om On Or Pa Pe Pi Po Qua Ra Re Ri Ro Sa Se Si So Ta Te Ti To Tri Ul Va Ve Vi Vo Xa Ya
    Ze Zo"""
)
BRAND_JOINS = ("", "", "r", "l", "n", "v", "t", "m", "x", "s", "d", "k")
BRAND_ENDINGS = word_list(
    """ara ari ata ava eon era ia ica ico ics ify igo ina ion ios is ium ix iva ode olt ona ora
    os ova um us yn yx ent ero ano eco ilo ipa ura ada ela eta ira ux ance ity"""
)
COMPOUND_HEADS = word_list(
    """Alpha Arc Bay Beam Bit Blue Bold Bright Clear Cloud Core Crest Data Deep Edge Every Fast
    Flex Force Fresh Grid High Hub Iron Key Light Link Logic Lumen Mind Net Next North Nova
    Open Peak Pixel Prime Pro Pulse Quick Rapid Red Signal Sky Smart Spark Square Star Stone
    Sun Swift Sync Tech True Vector Vertex Wave Wise Zen"""
)
COMPOUND_TAILS = word_list(
    """bridge core forge gate line path point sphere stream wave works bit box cast craft dock
    field flow grid hub lab leaf light link loop mark mind nest port rise scape shift source
    span spring stack star tide track vault view ware way well wind"""
)
#: What follows an invented brand: "Zentrix Solutions", "Lumora Health".
BRAND_NOUNS = phrase_list(
    """Solutions, Systems, Technologies, Networks, Partners, Labs, Software, Digital, Analytics,
    Cloud, Data, Health, Energy, Capital, Media, Studio, Works, Group, Consulting, Logistics,
    Security, Medical, Dynamics, Innovations, Industries, Interactive, Ventures, Global, Pharma,
    Biosciences, Foods, Brands, Robotics, Supply, Therapeutics, Financial, Wireless, Mobile,
    IT, Cyber, Learning, Design, Marketing, Holdings"""
)
#: After a person's name: "Sarah Chen CPA", "Omar Haddad Photography".
PROFESSIONS = phrase_list(
    """CPA, CPA PC, DDS, DMD, MD, Esq., Law Office, Law Offices, Attorney at Law, Photography,
    Consulting, Design, Insurance Agency, Real Estate, Architect, Counseling, Coaching, Tax
    Service, Bookkeeping, Interiors, Landscape Design, Financial Planning, Dentistry,
    Chiropractic, Physical Therapy, Massage Therapy, Veterinary Services, Construction,
    Builders, Plumbing, Electric, Painting, Catering, Events, Studio, Handyman Services"""
)
#: After a possessive: "Tony's Pizza", "Baxter's Garage".
TRADES = phrase_list(
    """Bakery, Cafe, Diner, Pizza, Deli, Kitchen, Catering, Flowers, Florist, Garage, Auto
    Repair, Towing, Plumbing, Cleaning, Landscaping, Lawn Care, Pet Grooming, Tailoring, Barber
    Shop, Salon, Hair Studio, Nail Salon, Furniture, Hardware, Garden Center, Bridal, Boutique,
    Jewelry, Pharmacy, Daycare, Tavern, Pub, Grill, Bistro, Market, Liquors, Cleaners,
    Upholstery, Painting, Handyman Services, Kitchens, Cabinets, Bikes, Books"""
)
#: Names that open with a number: "24/7 Locksmiths", "A1 Auto Repair".
NUMBER_OPENERS = phrase_list(
    """24/7, A1, A-1, AAA, 1st Choice, 1st Class, 360, 4 Seasons, 5 Star, 7 Seas, 99, Route 66,
    One Stop, Two Rivers, Three Oaks, Triple A, Number 1, Pro 1, 4Front, 2nd Chance, 1 Source,
    20/20, Seven Hills, Nine Mile, Four Corners, 212, 101, Top Notch, A+, 1-800"""
)
#: Family firms: "Baxter & Sons Roofing", "Okafor Brothers Moving".
FAMILY_TAILS = ("& Sons", "& Son", "& Daughters", "Brothers", "Bros.", "& Associates", "& Family")
#: Owner groups: "Hartley Dental Group", "Castillo Holdings".
GROUP_WORDS = ("Group", "Holdings", "Partners", "Enterprises", "Associates", "Collective")

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
