"""Word lists of the `northwind` tenant: a Nordic food importer's customers and suppliers."""

from __future__ import annotations

from tui.sandbox.data.words import crossed, phrase_list, word_list

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

_LISTED_SURNAMES = word_list(
    """Aalto Andersen Berg Bergstrom Bjork Dahl Eklund Engstrom Falk Forsberg Gustafsson Hagen
    Halvorsen Hansen Hedlund Holm Isaksen Johansson Karlsson Kristensen Lind Lindqvist Lund
    Magnusson Nielsen Nordin Nyberg Olsson Pedersen Rasmussen Sandberg Sjoberg Solberg Strand
    Svensson Thorsen Vik Wallin Westergaard Wikstrom Alfreds Antonio Berglunds Blauer Blondel
    Bolido Centro Comercio Drachenblut Ernst Familia Folies Frankenversand Furia Galeria Godos
    Hanari Koniglich Lehmanns Magazzini Maison Morgenstern Oceano Ottilies Pericles Piccolo
    Princesa Rancho Reggiani Ricardo Simons Supremes Tortuga Tradicao Vaffeljernet Victuailles
    Wartian Wellington Wilman Wolski Virtanen Korhonen Nieminen Makinen Hamalainen Laine
    Heikkinen Koskinen Jarvinen Lehtonen Salo Niemi Jakobsen Larsen Sorensen Jorgensen Madsen
    Mikkelsen Poulsen Christensen Johannesen Bakke Moen Haugen Eide Berge Lie Dahlberg Norberg
    Ekdahl Sjostrand Fors Nord Ahl Blom Eriksson Persson Nilsson Larsson Jonsson Andersson
    Lindberg Lindgren Axelsson Bengtsson Henriksson Isaksson Sundberg Hellstrom Lundin Mattsson"""
)
_SURNAME_HEADS = word_list(
    "Berg Lind Sand Holm Ny Sjo Ek Dahl Lund Ahl Ros Al Fors Norr Sol Hag Wall Strom Ask Bjor "
    "Gran Hed Kull Mal Ols Sten Vest Alm Bred Eng Frid Hall Hjelm Lil Ljung Sjo Sval Tor Ang"
)
_SURNAME_TAILS = word_list(
    "berg strom lund qvist gren dahl holm man by vik sten blad ander ling bom hed"
)
SURNAMES = _LISTED_SURNAMES + crossed(_SURNAME_HEADS, _SURNAME_TAILS)

_LISTED_PLACES = word_list(
    """Aarhus Odense Aalborg Esbjerg Randers Kolding Vejle Roskilde Bergen Trondheim Stavanger
    Drammen Tromso Alesund Bodo Goteborg Malmo Uppsala Vasteras Orebro Linkoping Helsingborg
    Jonkoping Norrkoping Lund Umea Gavle Boras Turku Tampere Oulu Espoo Vaasa Kuopio Visby
    Kalmar Halmstad Karlstad Sundsvall Lulea Kiruna Reykjavik Torshavn Hamburg Lubeck Kiel
    Rostock Gdansk Riga Tallinn"""
)
_PLACE_HEADS = word_list(
    "Norr Sol Oster Vester Sand Fjell Lille Stor Ny Gammel Sjo Skog Berg Strand Ho Lang Bro "
    "Ask Eke Gran Hav Holm Is Kirke Lyng Mark Rod Salt Ved Aker Bjork Ek Fager Frei Hammar "
    "Kvarn Lind Mos Ros Sten Tall Vall"
)
_PLACE_TAILS = word_list(
    "by koping vik havn sund fjord dal holm strand lund berg stad torp hamn sjo nes"
)
PLACES = _LISTED_PLACES + crossed(_PLACE_HEADS, _PLACE_TAILS)

REGIONS = phrase_list(
    """Nordic, Baltic, Scandinavian, Jutland, Skane, Gotland, Lapland, Lofoten, Zealand,
    Bothnia, Karelia, Oresund, Vastkust, Norrland, Smaland, Dalarna, Telemark, Finnmark"""
)

INDUSTRIES = phrase_list(
    """Imports, Exports, Provisions, Trading, Delicatessen, Foods, Grocers, Markets, Mercantile,
    Victuals, Breweries, Dairies, Bakeries, Fisheries, Spices, Confections, Cellars, Orchards,
    Mills, Shipping, Warehousing, Wholesale, Traders, Outfitters, Emporium, Pantry, Kitchens,
    Creamery, Roasters, Canners, Distillers, Vintners, Provisioners, Suppliers, Seafood,
    Smokehouse, Cheese, Fine Foods, Coffee, Tea Company, Chocolates, Preserves, Berries, Grain,
    Flour Mill, Meats, Sausages, Poultry, Produce, Organics, Herbs, Honey, Oils, Pasta,
    Condiments, Beverages, Juices, Cider, Mead, Aquavit, Catering, Food Service, Cold Storage,
    Freight, Haulage, Logistics, Cash & Carry, Butchers, Fishmongers, Greengrocers, Farm Shop,
    Hotel Supply, Restaurant Supply, Cafe, Bistro, Market Hall, Trading House"""
)

DESCRIPTORS = word_list(
    """Nordic Baltic Alpine Coastal Harbour Fjord Northern Old Royal Golden Silver Green
    Valley Meadow Island Lake River Forest Highland Continental Atlantic Arctic Prairie Sunny
    Eastern Western Southern Grand Little Crown Polar Midnight Aurora Viking Saga Birch Pine
    Frost Amber North Fresh Pure Wild Blue White Red Select Prime Classic Heritage Premier"""
)

FIRST_NAMES = word_list(
    """Anders Astrid Bjorn Britt Camilla Dag Elin Emil Erik Freja Gunnar Hanna Henrik Ida
    Ingrid Jan Johan Karin Kristian Lars Lena Linnea Magnus Maja Mats Nils Olof Pia Rasmus
    Sigrid Sofia Stefan Sven Tove Ulf Vera Viktor Aino Eero Juha Kaisa Leena Mikko Pekka
    Sanna Tuomas Helga Jens Kirsten Mette Niels Ole Soren"""
)

#: What follows an invented brand for a food trader: "Norvika Foods", "Lumora Provisions".
BRAND_NOUNS = phrase_list(
    """Foods, Trading, Provisions, Imports, Brands, Group, Holdings, Nordic, Fresh, Fine Foods,
    Delikatesser, Kitchen, Pantry, Supply, Logistics, Partners, Market, Traders"""
)
PROFESSIONS = phrase_list(
    """Catering, Bakery, Delicatessen, Import & Export, Consulting, Trading, Fine Foods,
    Provisions, Smokehouse, Cheese Shop, Coffee, Butcher"""
)
TRADES = phrase_list(
    """Bakery, Cafe, Deli, Kitchen, Pantry, Cellar, Smokehouse, Creamery, Market, Larder,
    Konditori, Fish Shop, Cheese Shop, Bistro, Tavern, Dairy, Mill, Orchard, Brewery, Farm,
    Butchery, Coffee House, Tea Room, Wine Bar, Food Hall, Grocery, Catering, Fishery"""
)
NUMBER_OPENERS = phrase_list(
    """7 Seas, 4 Seasons, Three Crowns, Two Rivers, 24/7, 1st Choice, Seven Bridges, 3 Fjords,
    Nine Islands, 100 Lakes, Five Harbours, 2 Sisters"""
)
FAMILY_TAILS = ("& Son", "& Sons", "& Dotter", "Brothers", "& Partners", "& Family")
GROUP_WORDS = ("Group", "Holding", "Partners", "Gruppen", "Trading House")
