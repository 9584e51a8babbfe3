"""Deterministic generator of synthetic Newsroom articles for benchmarks.

Writes markdown files with YAML frontmatter in the shape of the producer's files
(``fixtures/000_d0470f141278442f.txt``, contract in ``PRODUCT.md``) so that
benchmarks and large-import tests can run on 10,000-100,000 realistic articles
without real data. The same ``(count, seed)`` always gives byte-identical files,
and a smaller corpus is a prefix of a larger one with the same seed.

Usage: ``python -m benchmarks.corpus OUT_DIR --count N [--seed S]``
"""

from __future__ import annotations

import argparse
import base64
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from random import Random

# publishedAt is spread over the two years before this instant (never the wall
# clock, so the output does not depend on when the generator runs).
END_TS = 1763942400  # 2025-11-24T00:00:00Z
START_TS = END_TS - 2 * 365 * 86400
SCHEDULED_START_TS = 1893456000  # 2030-01-01T00:00:00Z
SCHEDULED_SPAN = 365 * 86400

DRAFT_RATE = 0.01
SCHEDULED_RATE = 0.01
PINNED_RATE = 0.005
MOJIBAKE = "\u00e2\u20ac\u00a6"  # "…" decoded as cp1252, as in the seed file


def _items(text: str) -> list[str]:
    """Split a pool written as ';'- or line-separated items."""
    return [item.strip() for item in re.split(r"[;\n]", text) if item.strip()]


def _pairs(text: str) -> list[tuple[str, str]]:
    """Items written 'Title Form|text form'; a lone form serves as both."""
    out = []
    for item in _items(text):
        title, _, body = item.partition("|")
        out.append((title, body or title))
    return out


# --------------------------------------------------------------------------- #
# Sources, categories, tags
# --------------------------------------------------------------------------- #

# name; key; type; domain; lang -- a source always writes in one language. Names
# and keys match the fixtures', so a corpus can share a database with them.
SOURCES = [
    tuple(item.strip() for item in line.split(";"))
    for line in """
    CoinDesk; coindesk; RSS; www.coindesk.com; en
    Cointelegraph; cointelegraph; RSS; cointelegraph.com; en
    The Block; theblock; RSS; www.theblock.co; en
    Decrypt; decrypt; RSS; decrypt.co; en
    Bloomberg Crypto; bloomberg; API; www.bloomberg.com; en
    Reuters; reuters; API; www.reuters.com; en
    Bitcoin Magazine; bitcoinmagazine; RSS; bitcoinmagazine.com; en
    Blockworks; blockworks; RSS; blockworks.co; en
    CryptoSlate; cryptoslate; RSS; cryptoslate.com; en
    DL News; dlnews; RSS; www.dlnews.com; en
    The Defiant; thedefiant; RSS; thedefiant.io; en
    Financial Times; ft; API; www.ft.com; en
    CNBC Crypto World; cnbc; RSS; www.cnbc.com; en
    Forbes Digital Assets; forbes; RSS; www.forbes.com; en
    Yahoo Finance; yahoofinance; API; finance.yahoo.com; en
    MarketWatch; marketwatch; RSS; www.marketwatch.com; en
    Barron's; barrons; RSS; www.barrons.com; en
    Axios Crypto; axios; RSS; www.axios.com; en
    TechCrunch; techcrunch; RSS; techcrunch.com; en
    CryptoPotato; cryptopotato; RSS; cryptopotato.com; en
    Protos; protos; RSS; protos.com; en
    Unchained; unchained; RSS; unchainedcrypto.com; en
    BeInCrypto; beincrypto; RSS; beincrypto.com; en
    NewsBTC; newsbtc; RSS; www.newsbtc.com; en
    Bitcoinist; bitcoinist; RSS; bitcoinist.com; en
    U.Today; utoday; RSS; u.today; en
    CryptoCompare News; cryptocompare; API; www.cryptocompare.com; en
    Messari; messari; API; messari.io; en
    Kaiko Research; kaiko; API; research.kaiko.com; en
    Handelsblatt; handelsblatt; RSS; www.handelsblatt.com; de
    BTC-ECHO; btcecho; RSS; www.btc-echo.de; de
    Börsen-Zeitung; boersen-zeitung; API; www.boersen-zeitung.de; de
    Les Echos; lesechos; RSS; www.lesechos.fr; fr
    Journal du Coin; journalducoin; RSS; journalducoin.com; fr
    Cryptoast; cryptoast; RSS; cryptoast.fr; fr
    Expansión; expansion; RSS; www.expansion.com; es
    Cointelegraph en Español; cointelegraph-es; RSS; es.cointelegraph.com; es
    CriptoNoticias; criptonoticias; RSS; www.criptonoticias.com; es
    日本経済新聞; nikkei; API; www.nikkei.com; ja
    CoinPost; coinpost; RSS; coinpost.jp; ja
    あたらしい経済; neweconomy; RSS; www.neweconomy.jp; ja
    """.strip().splitlines()
]

LANG_WEIGHTS = {"en": 86, "de": 4, "fr": 3.5, "es": 4, "ja": 2.5}

CATEGORY_WEIGHTS = {
    "BTC": 20,
    "MARKET": 16,
    "ETH": 12,
    "ALTCOINS": 10,
    "REGULATION": 9,
    "DEFI": 7,
    "EXCHANGES": 7,
    "BUSINESS": 6,
    "MINING": 5,
    "STABLECOIN": 4,
    "SECURITY": 2,
    "NFT": 2,
}

# Most frequent first: tags are drawn with Zipf-like weights, so a few tags are
# on a large share of articles and most are rare, as in a real feed.
_TAG_TEXT = """
    NEWS; MARKETS; FIAT; TRADING; BITCOIN; ETHEREUM; ETF; MARKET; BTC; ETH; ANALYSIS
    SEC; FED; INSTITUTIONAL; REGULATION; ADOPTION; STABLECOINS; PRICE; MACRO; SOL
    INFLATION; XRP; USDT; USDC; DEFI; SOLANA; BINANCE; COINBASE; BLACKROCK; MINING
    LIQUIDITY; VOLATILITY; DERIVATIVES; OPTIONS; FUTURES; STAKING; LENDING; CUSTODY
    WALLETS; SECURITY; HACKS; EXPLOITS; SCAMS; FRAUD; LAWSUITS; COURTS; TAX; POLICY
    ELECTIONS; POLITICS; CBDC; PAYMENTS; BANKING; FINTECH; AI; GAMING; METAVERSE
    WEB3; DAO; GOVERNANCE; ROLLUPS; BRIDGES; ORACLES; PRIVACY; TOKENIZATION; RWA
    AIRDROPS; MEMECOINS; HALVING; HASHRATE; ENERGY; SUSTAINABILITY; RETAIL; RATES
    SENTIMENT; RESEARCH; EARNINGS; IPO; MERGERS; FUNDRAISING; VENTURE; STARTUPS
    HIRING; LAYOFFS; PARTNERSHIPS; INTEGRATIONS; UPGRADES; FORKS; TESTNET; MAINNET
    VALIDATORS; NODES; LIGHTNING; ORDINALS; RUNES; INSCRIPTIONS; NFT; COLLECTIBLES
    DEPIN; RESTAKING; EIGENLAYER; CARDANO; POLKADOT; AVALANCHE; COSMOS; TRON; DEX
    CHAINLINK; UNISWAP; LIDO; MAKERDAO; CURVE; COMPOUND; OPENSEA; BLUR; METAMASK
    LEDGER; TREZOR; KRAKEN; OKX; BYBIT; GEMINI; BITSTAMP; ROBINHOOD; FIDELITY
    GRAYSCALE; VANECK; JPMORGAN; CITI; HSBC; VISA; MASTERCARD; PAYPAL; STRIPE
    CIRCLE; TETHER; RIPPLE; MICROSTRATEGY; TESLA; NVIDIA; CLEANSPARK; MARATHON; RIOT
    ADA; DOGE; AVAX; DOT; LINK; LTC; TON; TRX; XLM; MATIC; ARB; OP; NEAR; APT; SUI
    PEPE; SHIB; XMR; ATOM; BNB; UNI; AAVE; LDO; MKR; CRV; SNX; INJ; TIA; SEI; RNDR
    FET; GRT; IMX; HBAR; ICP; FIL; ETC; BCH; ALGO; VET; EGLD; KAS; STX; RUNE; ENA
    JUP; WLD; ONDO; PYTH; JTO; BONK; WIF; FLOKI; TAO; USA; CHINA; JAPAN; KOREA; ASIA
    EUROPE; UK; INDIA; BRAZIL; ARGENTINA; NIGERIA; TURKEY; RUSSIA; UKRAINE; UAE
    SINGAPORE; SWITZERLAND; CANADA; AUSTRALIA; GERMANY; FRANCE; SPAIN; MEXICO; LATAM
    VIETNAM; THAILAND; PHILIPPINES; INDONESIA; MICA; FEES; RESERVES; TREASURIES
    YIELD; GOLD; OUTAGE; SCALING; ROYALTIES; MARKETPLACES; CREATORS; DEVELOPERS
    LIQUIDATIONS; EXCHANGES; WEEKLY; FUSAKA
    BITCOIN MINING; CIPHER MINING; SPOT ETF; ETHER ETF; BITCOIN ETF; SOLANA ETF
    INTEREST RATES; CENTRAL BANKS; STABLECOIN REGULATION; MARKET STRUCTURE
    PRICE ANALYSIS; TECHNICAL ANALYSIS; ON-CHAIN DATA; WHALE ACTIVITY; SHORT SQUEEZE
    LONG LIQUIDATIONS; FUNDING RATES; OPEN INTEREST; OPTIONS EXPIRY; TRADING VOLUME
    EXCHANGE FLOWS; ASSET MANAGEMENT; WEALTH MANAGEMENT; DIGITAL ASSETS
    DIGITAL IDENTITY; SELF CUSTODY; COLD STORAGE; SMART CONTRACTS; ZERO KNOWLEDGE
    LAYER 2; LIQUID STAKING; YIELD FARMING; FLASH LOANS; CROSS-CHAIN BRIDGES
    REAL ESTATE; SUPPLY CHAIN; CARBON CREDITS; RENEWABLE ENERGY; DATA CENTERS
    HIGH-PERFORMANCE COMPUTING; ARTIFICIAL INTELLIGENCE; MACHINE LEARNING
    CYBER SECURITY; MONEY LAUNDERING; SANCTIONS COMPLIANCE; CAPITAL GAINS
    CONSUMER PROTECTION; INVESTOR EDUCATION; FEDERAL RESERVE; EUROPEAN UNION
    WHITE HOUSE; US CONGRESS; SUPREME COURT; HONG KONG; EL SALVADOR; SOUTH KOREA
    MIDDLE EAST; LATIN AMERICA; GOLDMAN SACHS; MORGAN STANLEY; DEUTSCHE BANK
    STANDARD CHARTERED; FRANKLIN TEMPLETON; ARK INVEST; GALAXY DIGITAL
    CORE SCIENTIFIC; RIOT PLATFORMS; MARATHON DIGITAL; HUT 8; CME GROUP
    NASDAQ LISTING; US ELECTIONS; MICA RULES; TRAVEL RULE; BASEL RULES
    PROOF OF RESERVES; PROOF OF STAKE; PROOF OF WORK; GAS FEES; BLOCK SPACE
    MEMPOOL CONGESTION; NETWORK UPGRADE; HARD FORK; TOKEN UNLOCK; TOKEN BURN
    TOKEN LISTING; EXCHANGE HACK; RUG PULL; PONZI SCHEME; CLASS ACTION
    SETTLEMENT TALKS; ENFORCEMENT ACTION; LICENSE APPROVAL; BANK CHARTER
    PAYMENT RAILS; CROSS-BORDER PAYMENTS; REMITTANCES; MOBILE MONEY; GAME TOKENS
    PLAY TO EARN; CREATOR ECONOMY; SOCIAL MEDIA; PREDICTION MARKETS; SPORTS BETTING
    RETAIL TRADERS; HEDGE FUNDS; PENSION FUNDS; FAMILY OFFICES; SOVEREIGN WEALTH
    CORPORATE TREASURY; BALANCE SHEET; QUARTERLY EARNINGS; REVENUE GROWTH
    COST CUTS; SHARE BUYBACK; CONVERTIBLE NOTES; DEBT OFFERING; BOND MARKET
    YIELD CURVE; JOBS REPORT; CPI DATA; RATE CUT; RATE HIKE; QUANTITATIVE TIGHTENING
    DOLLAR INDEX; RISK ASSETS; SAFE HAVEN; GOLD PRICE; OIL PRICE; TECH STOCKS
    AI STOCKS; MINING STOCKS; CRYPTO STOCKS; SPOT TRADING; MARGIN TRADING
    COPY TRADING; ALGORITHMIC TRADING; MARKET MAKERS; ORDER BOOKS; DARK POOLS
    OTC DESKS; PRIME BROKERAGE; TOKENIZED TREASURIES; MONEY MARKET FUNDS
    BOND TOKENS; CARBON MARKETS; ENERGY GRID; IMMERSION COOLING; MINING DIFFICULTY
    MINER REVENUE; TRANSACTION FEES; NETWORK ACTIVITY; ACTIVE ADDRESSES
    DEVELOPER ACTIVITY; BUG BOUNTY; SECURITY AUDIT; KEY MANAGEMENT
    MULTI-PARTY COMPUTATION; ACCOUNT ABSTRACTION; INTENT-BASED TRADING; MEV BOTS
    SEQUENCER OUTAGE; CHAIN HALT
    """
TAGS = list(dict.fromkeys(_items(_TAG_TEXT)))
TAG_CUM_WEIGHTS = list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(TAGS))))

ASSET_TICKERS = _items(
    "BTC; ETH; SOL; XRP; BNB; ADA; DOGE; AVAX; LINK; DOT; LTC; TON; TRX; XLM; NEAR"
)

# --------------------------------------------------------------------------- #
# Language pools
# --------------------------------------------------------------------------- #

# Protagonists that read the same in any Latin-script language.
_NAMES = """
JPMorgan; BlackRock; Fidelity; Goldman Sachs; Coinbase; Binance; Kraken; Robinhood
MicroStrategy; PayPal; Visa; Mastercard; Stripe; Circle; Tether; Ripple; Cipher Mining
CleanSpark; Riot Platforms; Galaxy Digital; Grayscale; VanEck; ARK Invest; HSBC
Deutsche Bank; Standard Chartered; Citigroup; Morgan Stanley; Nasdaq; CME Group
Uniswap Labs; Aave; Lido; Chainlink Labs; OKX; Bybit; Gemini; Revolut; Nomura
Société Générale; BBVA; Santander; N26
"""


def _svo_sentence(c: str, s: str, v: str, o: str, t: str) -> str:
    return f"{c}{s} {v} {o}{t}."


def _ja_sentence(c: str, s: str, v: str, o: str, t: str) -> str:
    # Japanese puts the time/source clause before the object, the verb last.
    return f"{c}{s}は{t}{o}{v}。"


@dataclass(frozen=True)
class Lang:
    """Phrase pools for one language.

    A title and its description come from one template pair filled with the same
    fields, so they tell the same story; the body is sentences assembled from
    subject/verb/object/tail pools.
    """

    code: str
    templates: list[tuple[str, str]]
    fields: dict[str, list[tuple[str, str]]]  # field -> (title form, text form)
    subjects: list[str]
    verbs: list[str]
    objects: list[str]
    tails: list[str]
    connectors: list[str]
    sentence: Callable[[str, str, str, str, str], str]  # (c, s, v, o, t)
    joiner: str  # between sentences
    headings: list[str]  # the first two always open the body
    table_head: tuple[str, str, str]
    chars_per_word: int = 0  # 0: count spaces; else count length // this
    # The protagonist may open body sentences only where verbs do not agree
    # with their subject's number (English past tense, Japanese).
    protagonist_subject: bool = True


EN = Lang(
    code="en",
    templates=[
        ("{E} {V} {O} as {C}", "{E} has {v} {o} as {c}."),
        ("{E} {V} {O} Amid {X}", "{E} has {v} {o} amid {x}."),
        ("{A} {M} {pct}% as {C}", "{A} {m} {pct}% over the past 24 hours as {c}."),
        ("{N} Say {A} Could {K} {P} by {W}", "{n} expect {A} to {k} {P} by {w}."),
        (
            "{E} Teams Up With {E2} on {O} in {R}",
            "{E} and {E2} are working together on {o} in {r}.",
        ),
        (
            "What {E}'s Decision on {O} Means for {A} Holders",
            "{E} has {v} {o}, a decision that could shift sentiment among {A} holders.",
        ),
        ("{A} {M} After {E} {V} {O}", "{A} {m} {pct}% after {E} {v} {o}."),
        ("{R} {V} {O} as {C}", "{r} has {v} {o} as {c}."),
    ],
    fields={
        "E": _pairs(
            _NAMES
            + """
            the SEC; the CFTC; the Federal Reserve; the ECB; the Bank of Japan; the IMF
            the Bank of England; El Salvador; the Ethereum Foundation; Solana Labs
            Polygon Labs; Franklin Templeton; Marathon Digital; Core Scientific; Tesla
            Bitstamp; Bullish
            """
        ),
        "V": _pairs(
            """
            Upgrades|upgraded; Downgrades|downgraded; Launches|launched
            Unveils|unveiled; Backs|backed; Acquires|acquired; Sues|sued; Fines|fined
            Approves|approved; Rejects|rejected; Delays|delayed; Expands|expanded
            Halts|halted; Files for|filed for; Invests in|invested in
            Warns on|warned on; Scraps|scrapped; Revives|revived; Tests|tested
            Rolls Out|rolled out; Pauses|paused; Cuts Stake in|cut its stake in
            Doubles Down on|doubled down on
            """
        ),
        "O": _pairs(
            """
            Bitcoin Miners|two bitcoin miners; Spot Ether ETF|a spot ether ETF
            Stablecoin Plan|a stablecoin plan
            Tokenized Treasury Fund|a tokenized treasury fund
            Custody Service|a custody service; Staking Product|a staking product
            Layer-2 Network|a layer-2 network; Payments Pilot|a payments pilot
            Crypto Trading Desk|a crypto trading desk
            Mining Expansion|a mining expansion
            AI Data Center Deal|an AI data center deal
            Self-Custody Wallet|a self-custody wallet
            Derivatives Exchange|a derivatives exchange
            Retail Trading App|a retail trading app
            Cross-Border Settlement Network|a cross-border settlement network
            On-Chain Bond Issuance|an on-chain bond issuance
            Lending Platform|a lending platform
            Bitcoin Treasury Strategy|a bitcoin treasury strategy
            Token Buyback|a token buyback; Validator Program|a validator program
            Real-World Asset Platform|a real-world asset platform
            Exchange License|an exchange license; Market-Making Arm|a market-making arm
            """
        ),
        "C": _pairs(
            """
            HPC Shift Accelerates|the shift to high-performance computing accelerates
            Rate-Cut Bets Grow|bets on rate cuts grow
            ETF Inflows Surge|ETF inflows surge
            Regulators Tighten Rules|regulators tighten the rules
            Volatility Returns|volatility returns to crypto markets
            Liquidity Dries Up|liquidity dries up on major exchanges
            Institutional Demand Builds|institutional demand builds
            Hash Rate Hits Record|the network hash rate hits a record
            Traders Brace for Fed Decision|traders brace for the Fed decision
            Miners Pivot to AI|miners pivot to AI workloads
            Stablecoin Supply Expands|stablecoin supply expands
            Funding Rates Flip Negative|funding rates flip negative
            Options Expiry Looms|a large options expiry looms
            Retail Interest Fades|retail interest fades
            Bond Yields Slide|bond yields slide
            Tariff Fears Weigh on Risk Assets|tariff fears weigh on risk assets
            """
        ),
        "X": _pairs(
            """
            Market Turmoil|market turmoil; Regulatory Uncertainty|regulatory uncertainty
            Record Inflows|record inflows; a Broader Sell-Off|a broader sell-off
            Rising Yields|rising yields; Heavy Liquidations|heavy liquidations
            Thin Holiday Trading|thin holiday trading; Strong Jobs Data|strong jobs data
            Banking Stress|banking stress; Renewed Risk Appetite|renewed risk appetite
            Slowing Growth|slowing growth; Election Jitters|election jitters
            """
        ),
        "A": _pairs(
            """
            Bitcoin; Ether; Solana; XRP; Cardano; Dogecoin; Avalanche; Polkadot
            Chainlink; Litecoin; Toncoin; Tron; Stellar; Arbitrum; Optimism; Near
            Aptos; Sui; Pepe; Monero; Cosmos
            """
        ),
        "M": _pairs(
            """
            Climbs|climbed; Slides|slid; Jumps|jumped; Drops|dropped
            Rebounds|rebounded; Tumbles|tumbled; Rallies|rallied; Slips|slipped
            Surges|surged; Retreats|retreated; Edges Higher|edged higher
            """
        ),
        "N": _pairs(
            """
            Analysts|analysts; Strategists|strategists
            Bernstein Analysts|analysts at Bernstein
            Citi Strategists|strategists at Citi
            Options Traders|options traders; Fund Managers|fund managers
            Economists|economists; Quant Researchers|quant researchers
            """
        ),
        "K": _pairs(
            """
            Reach|reach; Hit|hit; Rally to|rally to; Fall to|fall to; Test|test
            Climb to|climb to; Drop to|drop to
            """
        ),
        # Prices contain ',' so they are one per line.
        "P": _pairs(
            """
            $150K
            $200,000
            $8,000
            $1.50
            $3
            $500
            $75,000
            $10
            $250
            $0.25
            $120,000
            $5,000
            """
        ),
        "W": _pairs(
            """
            Year-End|year-end; Next Quarter|next quarter; 2026|2026
            the Halving|the halving; Mid-2026|mid-2026; Next Summer|next summer
            """
        ),
        "R": _pairs(
            """
            Europe; Japan; Singapore; Dubai; Brazil; South Korea; Hong Kong; Texas
            Switzerland; Canada; Australia; Nigeria; India; Argentina; Germany
            """
        ),
    },
    subjects=_items(
        """
        Analysts; Market participants; The company; Several traders; Regulators
        Institutional investors; On-chain data; The move; The report; Critics
        Industry executives; Retail investors; The exchange; Risk managers
        Portfolio managers; Derivatives markets; Liquidity providers; Early backers
        Supporters of the plan; The central bank; Long-term holders; Mining firms
        Fund flows; Developers; Compliance teams; Venture investors; Market makers
        Executives at rival firms; Economists; Asset managers
        """
    ),
    verbs=_items(
        """
        noted; expected; pointed to; reported; highlighted; warned of; welcomed
        questioned; signalled; priced in; underestimated; tracked; cited; flagged
        reassessed; anticipated; described; focused on; shrugged off; responded to
        """
    ),
    objects=_items(
        """
        a steady rise in trading volumes; the potential for tighter capital rules
        higher funding costs across the sector
        a shift toward high-performance computing
        renewed demand for spot exposure; the impact of lower transaction fees
        weaker sentiment among retail buyers; growing interest from pension funds
        a slowdown in new token listings; the risk of further liquidations
        stronger balance sheets at the largest miners; the pace of stablecoin adoption
        an increase in options open interest; the timeline for final approval
        pressure on smaller competitors; a widening gap between spot and futures prices
        new partnerships with cloud providers; a surge in on-chain settlement
        the cost of complying with new disclosure rules
        improving liquidity in Asian trading hours
        the effect of the latest rate decision
        a record number of active addresses; concerns about counterparty risk
        a pickup in venture funding for infrastructure projects
        the role of tokenized funds in collateral markets; a drop in exchange reserves
        the scale of recent outflows
        """
    ),
    # Empty tails keep most sentences short.
    tails=["", "", "", ""]
    + [
        " " + tail if tail[0].isalpha() else tail
        for tail in _items(
            """
            over the past week; in recent sessions; ahead of the next policy meeting
            , according to people familiar with the matter
            , citing internal estimates
            despite a volatile quarter; as competition intensifies
            in a note to clients
            , though details remain scarce
            during an earnings call on Tuesday
            compared with the same period last year; in the third quarter
            , the filing showed
            after months of negotiations
            """
        )
    ],
    connectors=["", "", "", "", ""]
    + [
        c + ", "
        for c in _items(
            "Meanwhile; However; At the same time; In addition; By contrast; Still; "
            "Separately"
        )
    ],
    sentence=_svo_sentence,
    joiner=" ",
    headings=_items(
        """
        Overview; What Happened; Why It Matters; Market Reaction; Key Figures
        Background; What Analysts Say; Regulatory Angle; Impact on the Crypto Market
        What Comes Next; By the Numbers; Risks to Watch; The Bigger Picture; Timeline
        Industry Response
        """
    ),
    table_head=("Asset", "Price (USD)", "24h change"),
)

DE = Lang(
    code="de",
    protagonist_subject=False,
    templates=[
        ("{E} {V} {O} – {X}", "{E} hat {o} {v}."),
        ("{E} {V} {O} {X}", "{E} hat {o} {v}, wie das Unternehmen mitteilte."),
    ],
    fields={
        "E": _pairs(_NAMES + "die BaFin; die Bundesbank; die EZB; Boerse Stuttgart"),
        "V": _pairs(
            """
            kauft|gekauft; startet|gestartet; verklagt|verklagt; prüft|geprüft
            übernimmt|übernommen; stoppt|gestoppt; genehmigt|genehmigt
            erweitert|erweitert; testet|getestet; plant|geplant
            """
        ),
        "O": _pairs(
            """
            mehrere Bitcoin-Miner; ein neues Stablecoin-Projekt
            ein Angebot zur Krypto-Verwahrung; einen Spot-ETF auf Ether
            einen tokenisierten Geldmarktfonds; eine Handelsplattform für Privatkunden
            ein grenzüberschreitendes Zahlungsnetz; ein Staking-Angebot für Großkunden
            ein KI-Rechenzentrum in Texas; eine digitale Anleihe auf der Blockchain
            """
        ),
        "X": _pairs(
            """
            trotz anhaltender Marktturbulenzen; inmitten regulatorischer Unsicherheit
            nach Rekordzuflüssen in Krypto-ETFs; vor dem Zinsentscheid der Fed
            während der Bitcoin-Kurs schwankt; bei dünnem Handel zum Jahresende
            """
        ),
    },
    subjects=_items(
        """
        Analysten; Marktteilnehmer; Händler; Institutionelle Anleger; Privatanleger
        Die Aufsichtsbehörden; Branchenvertreter; Vermögensverwalter; Ökonomen
        Kritiker; Mehrere Banken; Die Börsen
        """
    ),
    verbs=_items(
        """
        erwarteten; verwiesen auf; beobachteten; meldeten; betonten; begrüßten
        bezweifelten; analysierten; unterschätzten; diskutierten
        """
    ),
    objects=_items(
        """
        einen Anstieg der Handelsvolumina; höhere Finanzierungskosten
        eine stärkere Nachfrage nach Spot-Produkten; neue Regeln für Stablecoins
        das Risiko weiterer Liquidationen; die wachsende Konkurrenz im Mining
        eine Verschiebung hin zu Hochleistungsrechnern; den Zeitplan für die Genehmigung
        sinkende Transaktionsgebühren; eine bessere Liquidität im asiatischen Handel
        die Folgen der jüngsten Zinsentscheidung; das Interesse von Pensionsfonds
        """
    ),
    tails=["", "", ""]
    + [
        " " + tail
        for tail in _items(
            """
            in der vergangenen Woche; im dritten Quartal; laut informierten Kreisen
            trotz der hohen Volatilität; vor der nächsten Zinssitzung
            """
        )
    ],
    connectors=[""],  # a German connector inverts subject and verb
    sentence=_svo_sentence,
    joiner=" ",
    headings=_items(
        """
        Überblick; Was passiert ist; Warum es wichtig ist; Reaktion des Marktes
        Zahlen und Fakten; Hintergrund; Einschätzungen von Analysten; Regulierung
        Ausblick; Risiken; Stimmen aus der Branche; Folgen für Anleger
        """
    ),
    table_head=("Asset", "Preis (USD)", "24h-Änderung"),
)

FR = Lang(
    code="fr",
    protagonist_subject=False,
    templates=[
        ("{E} {V} {O} {X}", "{E} a {v} {o} {x}."),
        ("{E} {V} {O}, {X}", "{E} a {v} {o}, selon un communiqué publié lundi."),
    ],
    fields={
        "E": _pairs(_NAMES + "l'AMF; la BCE; la Banque de France; Ledger"),
        "V": _pairs(
            """
            rachète|racheté; lance|lancé; poursuit|poursuivi; examine|examiné
            suspend|suspendu; approuve|approuvé; étend|étendu; teste|testé
            prépare|préparé; relève sa note sur|relevé sa note sur
            """
        ),
        "O": _pairs(
            """
            des mineurs de bitcoin; un projet de stablecoin; un service de conservation
            un ETF spot sur l'ether; un fonds monétaire tokenisé; une offre de staking
            une plateforme de trading pour particuliers; un réseau de paiement
            un centre de données pour l'IA; une obligation sur blockchain
            """
        ),
        "X": _pairs(
            """
            malgré la volatilité des marchés; sur fond d'incertitude réglementaire
            après des entrées record; avant la décision de la Fed
            en pleine correction du bitcoin
            """
        ),
    },
    subjects=_items(
        """
        Les analystes; Les acteurs du marché; L'entreprise; Plusieurs traders
        Les investisseurs institutionnels; Les régulateurs; Les économistes
        Les investisseurs particuliers; Les dirigeants du secteur
        Les gestionnaires d'actifs
        """
    ),
    verbs=_items(
        """
        ont souligné; ont anticipé; ont observé; ont signalé; ont salué; ont relevé
        ont mis en doute; ont analysé; ont sous-estimé; ont évoqué
        """
    ),
    objects=_items(
        """
        une hausse des volumes d'échange; des coûts de financement plus élevés
        une demande accrue pour les produits au comptant
        de nouvelles règles pour les stablecoins; le risque de nouvelles liquidations
        la concurrence croissante dans le minage; le calendrier d'approbation
        un virage vers le calcul haute performance; la baisse des frais de transaction
        une meilleure liquidité pendant la séance asiatique
        les effets de la décision sur les taux; l'intérêt croissant des fonds de pension
        """
    ),
    tails=["", "", ""]
    + [
        " " + tail
        for tail in _items(
            """
            la semaine dernière; au troisième trimestre; malgré une forte volatilité
            selon des sources proches du dossier
            avant la prochaine réunion de politique monétaire
            """
        )
    ],
    connectors=["", "", "", "Par ailleurs, ", "Cependant, ", "En outre, "],
    sentence=_svo_sentence,
    joiner=" ",
    headings=_items(
        """
        Aperçu; Ce qui s'est passé; Pourquoi c'est important; Réaction du marché
        Chiffres clés; Contexte; L'avis des analystes; Régulation; Perspectives
        Risques à surveiller; Réactions du secteur; Conséquences pour les investisseurs
        """
    ),
    table_head=("Actif", "Prix (USD)", "Variation 24 h"),
)

ES = Lang(
    code="es",
    protagonist_subject=False,
    templates=[
        ("{E} {V} {O} {X}", "{E} ha {v} {o} {x}."),
        ("{E} {V} {O}, {X}", "{E} ha {v} {o}, según un comunicado de la compañía."),
    ],
    fields={
        "E": _pairs(_NAMES + "la CNMV; el Banco de España; el BCE; Bit2Me"),
        "V": _pairs(
            """
            compra|comprado; lanza|lanzado; demanda a|demandado a; revisa|revisado
            suspende|suspendido; aprueba|aprobado; amplía|ampliado; prueba|probado
            prepara|preparado
            mejora su recomendación sobre|mejorado su recomendación sobre
            """
        ),
        "O": _pairs(
            """
            dos mineras de bitcoin; un proyecto de stablecoin; un bono en blockchain
            un servicio de custodia cripto; un ETF al contado de ether
            un fondo monetario tokenizado; una plataforma de trading minorista
            una red de pagos transfronterizos; un producto de staking
            un centro de datos para IA
            """
        ),
        "X": _pairs(
            """
            pese a la volatilidad del mercado; en medio de la incertidumbre regulatoria
            tras entradas récord en los ETF; antes de la decisión de la Fed
            mientras el bitcoin corrige
            """
        ),
    },
    subjects=_items(
        """
        Los analistas; Los participantes del mercado; La empresa; Varios operadores
        Los inversores institucionales; Los reguladores; Los inversores minoristas
        Los directivos del sector; Las gestoras de activos; Los economistas
        """
    ),
    verbs=_items(
        """
        señalaron; anticiparon; observaron; destacaron; celebraron; cuestionaron
        analizaron; subestimaron; mencionaron; advirtieron sobre
        """
    ),
    objects=_items(
        """
        un aumento de los volúmenes de negociación; mayores costes de financiación
        una mayor demanda de productos al contado; nuevas normas para las stablecoins
        el riesgo de nuevas liquidaciones; la creciente competencia en la minería
        un giro hacia la computación de alto rendimiento; el calendario de aprobación
        la caída de las comisiones de transacción
        una mejor liquidez en la sesión asiática
        los efectos de la decisión sobre los tipos
        el creciente interés de los fondos de pensiones
        """
    ),
    tails=["", "", ""]
    + [
        " " + tail
        for tail in _items(
            """
            la semana pasada; en el tercer trimestre; según fuentes cercanas
            pese a la fuerte volatilidad
            antes de la próxima reunión de política monetaria
            """
        )
    ],
    connectors=["", "", "", "Además, ", "Sin embargo, ", "Al mismo tiempo, "],
    sentence=_svo_sentence,
    joiner=" ",
    headings=_items(
        """
        Resumen; Qué ha pasado; Por qué es importante; Reacción del mercado
        Cifras clave; Contexto; Qué dicen los analistas; Regulación; Perspectivas
        Riesgos; Reacciones del sector; Qué significa para los inversores
        """
    ),
    table_head=("Activo", "Precio (USD)", "Cambio 24 h"),
)

JA = Lang(
    code="ja",
    templates=[
        ("{E}、{O}を{V}　{X}", "{E}は{O}の{V}を明らかにした。"),
        ("{E}が{O}を{V}", "{E}は{O}の{V}について説明した。"),
    ],
    fields={
        "E": _pairs(
            """
            JPモルガン; ブラックロック; コインベース; バイナンス; 金融庁; 日本銀行
            SBIホールディングス; 楽天; マネックスグループ; ビットフライヤー; 米SEC
            ゴールドマン・サックス
            """
        ),
        "V": _pairs(
            "発表; 開始; 承認; 買収; 提訴; 一時停止; 拡大; 検討; 格上げ; 試験導入"
        ),
        "O": _pairs(
            """
            ビットコイン採掘企業; ステーブルコイン計画; 暗号資産カストディ事業
            イーサ現物ETF; トークン化MMF; 個人向け取引アプリ; 決済ネットワーク
            ステーキングサービス; AIデータセンター; ブロックチェーン債
            """
        ),
        "X": _pairs(
            "市場混乱の中; 規制の不透明感強まる; 資金流入が過去最高に; FRB会合を前に"
        ),
    },
    subjects=_items(
        """
        アナリスト; 市場関係者; 同社; 機関投資家; 複数のトレーダー; 規制当局
        個人投資家; 業界幹部; 資産運用会社; エコノミスト
        """
    ),
    verbs=_items(
        """
        を指摘した; を予想した; を注視した; を報告した; を歓迎した; に疑問を呈した
        を分析した; を過小評価していた; に言及した; を強調した
        """
    ),
    objects=_items(
        """
        取引量の増加; 資金調達コストの上昇; 現物商品への需要拡大
        ステーブルコインの新たな規制; さらなる清算のリスク; マイニング業界の競争激化
        高性能計算へのシフト; 承認までのスケジュール; 取引手数料の低下
        アジア時間の流動性改善; 利下げ観測の影響; 年金基金の関心の高まり
        """
    ),
    tails=["", "", ""]
    + _items(
        "先週、; 第3四半期に; 関係者によると、; 高い変動にもかかわらず、; 会合を前に、"
    ),
    connectors=["", "", "一方、", "また、", "ただし、"],
    sentence=_ja_sentence,
    joiner="",
    headings=_items(
        """
        概要; 何が起きたか; なぜ重要か; 市場の反応; 主要な数字; 背景
        アナリストの見方; 規制面; 今後の見通し; 注意すべきリスク; 業界の反応
        投資家への影響
        """
    ),
    table_head=("銘柄", "価格（USD）", "24時間変化率"),
    chars_per_word=2,  # no spaces to count; ~2 characters per "word"
)

LANGS = {lang.code: lang for lang in (EN, DE, FR, ES, JA)}
# Subjects after a connector ("However, analysts ..."), computed once.
_LOWERED_SUBJECTS = {
    code: [s[0].lower() + s[1:] for s in lang.subjects] for code, lang in LANGS.items()
}
SOURCES_BY_LANG = {code: [s for s in SOURCES if s[4] == code] for code in LANG_WEIGHTS}
# Bigger outlets publish more: weight sources by their rank within a language.
SOURCE_CUM_WEIGHTS = {
    code: list(accumulate(1 / (rank + 1) ** 0.7 for rank in range(len(srcs))))
    for code, srcs in SOURCES_BY_LANG.items()
}

# --------------------------------------------------------------------------- #
# YAML emission (by hand: yaml.safe_dump is far too slow for 100,000 files)
# --------------------------------------------------------------------------- #

# A scalar is left plain only if YAML cannot read it as anything but this
# string: it starts with a letter and has no ':', '#', quote-start or indicator.
_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9 ,.&()'$%/+-]*[A-Za-z0-9.)%])?")
_YAML11_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _scalar(text: str) -> str:
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML11_WORDS:
        return text
    return _quoted(text)


def _timestamp(seconds: int, millis: int = 0) -> str:
    return f"{time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(seconds))}.{millis:03d}Z"


def _cover_image(photo: str, ixid: str) -> dict[str, str]:
    base = f"https://images.unsplash.com/{photo}?"
    tiny = f"{base}crop=entropy&cs=tinysrgb&fit=max&fm=jpg&ixid={ixid}&ixlib=rb-4.1.0"
    return {
        "raw": f"{base}ixid={ixid}&ixlib=rb-4.1.0",
        "full": f"{base}crop=entropy&cs=srgb&fm=jpg&ixid={ixid}&ixlib=rb-4.1.0&q=85",
        "regular": f"{tiny}&q=80&w=1080",
        "small": f"{tiny}&q=80&w=400",
        "thumb": f"{tiny}&q=80&w=200",
        "small_s3": (
            f"https://s3.us-west-2.amazonaws.com/images.unsplash.com/small/{photo}"
        ),
    }


def render(meta: dict, body: str) -> str:
    """Serialize one article as the producer does, keys in the seed's order."""
    src = meta["source"]
    lines = [
        "---",
        f"title: {_scalar(meta['title'])}",
        f"description: {_quoted(meta['description'])}",
        f"publishedAt: {_quoted(meta['publishedAt'])}",
        f"updatedAt: {_quoted(meta['updatedAt'])}",
        f"lang: {meta['lang']}",
        f"externalId: {_quoted(meta['externalId'])}",
        "source:",
        f"  name: {_scalar(src['name'])}",
        f"  key: {_scalar(src['key'])}",
        f"  type: {src['type']}",
        f"category: {_scalar(meta['category'])}",
        "tags:",
    ]
    lines += [f"  - {_scalar(tag)}" for tag in meta["tags"]]
    lines.append(f"stickyWeight: {meta['stickyWeight']}")
    if "sentiment" in meta:
        lines.append(f"sentiment: {meta['sentiment']}")
    lines += [
        f"score: {meta['score']!r}",
        f"draft: {'true' if meta['draft'] else 'false'}",
        "coverImage:",
    ]
    lines += [f"  {k}: {_quoted(v)}" for k, v in meta["coverImage"].items()]
    ai = meta["ai"]
    lines += [
        "ai:",
        f"  rewritten: {'true' if ai['rewritten'] else 'false'}",
        f"  expandedAt: {_quoted(ai['expandedAt'])}",
        f"  version: {ai['version']}",
        "---",
        body,
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- #
# Article generation
# --------------------------------------------------------------------------- #

_MASK64 = (1 << 64) - 1
_MASK30 = (1 << 30) - 1
_NUMERIC_IDS = 900_000_000  # 9-digit ids: 100000000..999999999


def _splitmix64(x: int) -> int:
    """A bijection on 64-bit ints: distinct inputs give distinct random-looking ids."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def _mix30(x: int) -> int:
    """A bijection on 30-bit ints (odd multipliers and xor-shifts both invert)."""
    x = (x * 0x2545F491) & _MASK30
    x ^= x >> 15
    x = (x * 0x2C1B3C6D) & _MASK30
    return x ^ (x >> 13)


def _external_id(index: int, source_type: str, salt: int) -> str:
    # Both forms are bijections of the index, so ids never repeat in a corpus.
    # RSS ids are numeric like the seed's but 9 digits, so they can never hit
    # the fixtures' 8-digit ids; API ids are 16 hex digits.
    if source_type == "RSS":
        # Cycle-walking keeps the 30-bit permutation inside the 9-digit range.
        x = _mix30((index + salt) % _NUMERIC_IDS)
        while x >= _NUMERIC_IDS:
            x = _mix30(x)
        return str(100_000_000 + x)
    return f"{_splitmix64((salt << 40) + index):016x}"


def _slug(title: str, fallback: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")
    return slug or fallback


class _Writer:
    """Writes the body of one article; holds what every block needs to know."""

    def __init__(self, rng: Random, lang: Lang, entity: str, url: str) -> None:
        self.rng = rng
        self.lang = lang
        self.entity = entity[0].upper() + entity[1:]  # "the SEC" opens sentences
        self.url = url

    def words(self, text: str) -> int:
        if self.lang.chars_per_word:
            return len(text) // self.lang.chars_per_word
        # Blocks are single-spaced lines, so this equals len(text.split()).
        return text.count(" ") + text.count("\n") + 1

    def sentences(self, n: int, link: bool = False) -> list[str]:
        rng, lang = self.rng, self.lang
        # Mention the protagonist so that paragraphs are about the story.
        protagonist = lang.protagonist_subject and rng.random() < 0.3
        link_at = rng.randrange(n) if link else -1
        conns, subjects, verbs, objects, tails = (
            lang.connectors,
            lang.subjects,
            lang.verbs,
            lang.objects,
            lang.tails,
        )
        lowered = _LOWERED_SUBJECTS[lang.code]
        nc, ns, nv, no, nt = map(len, (conns, subjects, verbs, objects, tails))
        getrandbits, make = rng.getrandbits, lang.sentence
        out = []
        for i in range(n):
            # This is the hot loop: one 64-bit draw picks all five parts, several
            # times cheaper than a choices() call per pool.
            r, k = divmod(getrandbits(64), nc)
            c = conns[k]
            r, k = divmod(r, ns)
            s = lowered[k] if c else subjects[k]
            r, k = divmod(r, nv)
            v = verbs[k]
            r, k = divmod(r, no)
            o = objects[k]
            t = tails[r % nt]
            if protagonist and i == 0:
                c, s = "", self.entity
            if i == link_at:
                o = f"[{o}]({self.url})"
            out.append(make(c, s, v, o, t))
        return out

    def paragraph(self) -> str:
        rng = self.rng
        n = rng.randint(3, 7)
        return self.lang.joiner.join(self.sentences(n, link=rng.random() < 0.15))

    def items(self, numbered: bool) -> str:
        rng = self.rng
        end = "" if self.lang.chars_per_word else "."
        lines = []
        for i, item in enumerate(rng.sample(self.lang.objects, rng.randint(3, 6)), 1):
            marker = f"{i}." if numbered else "-"
            lines.append(f"{marker} {item[0].upper()}{item[1:]}{end}")
        return "\n".join(lines)

    def table(self) -> str:
        rng = self.rng
        head = self.lang.table_head
        rows = [f"| {head[0]} | {head[1]} | {head[2]} |", "| --- | ---: | ---: |"]
        for ticker in rng.sample(ASSET_TICKERS, rng.randint(3, 6)):
            price = 10 ** rng.uniform(-1, 5)
            change = rng.uniform(-12, 12)
            rows.append(f"| {ticker} | {price:,.2f} | {change:+.1f}% |")
        return "\n".join(rows)

    def body(self, lead: str, target_words: int) -> str:
        rng, lang = self.rng, self.lang
        rest = lang.headings[2:]
        rng.shuffle(rest)
        headings = lang.headings[:2] + rest
        # The lead paragraph restates the description, as in the seed.
        blocks = [
            f"## {headings[0]}",
            lang.joiner.join([lead, *self.sentences(rng.randint(1, 3))]),
        ]
        words = sum(self.words(b) for b in blocks)
        want_table = rng.random() < 0.25
        used = 1
        while words < target_words:
            # When headings run out, the last section grows: no repeated headings.
            if used < len(headings):
                blocks.append(f"## {headings[used]}")
                used += 1
                words += self.words(blocks[-1])  # headings count as words too
            # Stop right after the paragraph that reaches the target, so the body
            # overshoots it by one paragraph at most.
            for _ in range(rng.randint(1, 3)):
                blocks.append(self.paragraph())
                words += self.words(blocks[-1])
                if words >= target_words:
                    break
            else:
                roll = rng.random()
                if roll < 0.25:
                    blocks.append(self.items(numbered=False))
                elif roll < 0.37:
                    blocks.append(self.items(numbered=True))
                elif want_table and used > 2:
                    blocks.append(self.table())
                    want_table = False
                else:
                    continue
                words += self.words(blocks[-1])
        return "\n\n".join(blocks) + "\n"


def _pick(rng: Random, pool: list, cum_weights: list[float]):
    return rng.choices(pool, cum_weights=cum_weights)[0]


_LANG_CODES = list(LANG_WEIGHTS)
_LANG_CUM = list(accumulate(LANG_WEIGHTS.values()))
_CATEGORIES = list(CATEGORY_WEIGHTS)
_CATEGORY_CUM = list(accumulate(CATEGORY_WEIGHTS.values()))
_SENTIMENTS = ["POSITIVE", "NEUTRAL", "NEGATIVE", None]  # None: key left out
_SENTIMENT_CUM = list(accumulate([35, 35, 20, 10]))


def _title_and_description(rng: Random, lang: Lang) -> tuple[str, str, str]:
    """Return (title, description, protagonist) filled from one template pair."""
    while True:
        fields = {}
        for name, pool in lang.fields.items():
            fields[name], fields[name.lower()] = rng.choice(pool)
        fields["E2"] = rng.choice([e for e, _ in lang.fields["E"] if e != fields["E"]])
        fields["pct"] = f"{rng.uniform(0.5, 18):.1f}"
        title_fmt, desc_fmt = rng.choice(lang.templates)
        title = title_fmt.format(**fields)
        # Japanese has no spaces to count; elsewhere keep titles 6-16 words.
        if lang.chars_per_word or 6 <= title.count(" ") + 1 <= 16:
            break
    description = desc_fmt.format(**fields)
    return (
        title[0].upper() + title[1:],
        description[0].upper() + description[1:],
        fields["E"],
    )


def make_article(rng: Random, index: int, salt: int) -> tuple[str, dict, str]:
    """Draw article ``index`` from ``rng``: returns (file name, frontmatter, body)."""
    lang = LANGS[_pick(rng, _LANG_CODES, _LANG_CUM)]
    name, key, source_type, domain, _ = _pick(
        rng, SOURCES_BY_LANG[lang.code], SOURCE_CUM_WEIGHTS[lang.code]
    )
    external_id = _external_id(index, source_type, salt)

    roll = rng.random()
    draft = roll < DRAFT_RATE
    scheduled = DRAFT_RATE <= roll < DRAFT_RATE + SCHEDULED_RATE
    # A scheduled article was written (fetched, updated) in the window but is
    # published in 2030.
    fetched = rng.randrange(START_TS, END_TS)
    published = (
        SCHEDULED_START_TS + rng.randrange(SCHEDULED_SPAN) if scheduled else fetched
    )
    # Most items are rewritten within minutes; some are revised days later.
    if rng.random() < 0.9:
        updated = fetched + rng.randrange(60, 3 * 3600)
    else:
        updated = fetched + rng.randrange(5 * 86400)
    updated_at = _timestamp(updated, rng.randrange(1000))

    title, description, entity = _title_and_description(rng, lang)
    day = time.strftime("%Y/%m/%d", time.gmtime(fetched))
    writer = _Writer(
        rng, lang, entity, f"https://{domain}/{day}/{_slug(title, external_id)}"
    )
    if rng.random() < 0.5:
        description = lang.joiner.join([description, *writer.sentences(1)])
    lead = description
    roll = rng.random()
    if roll < 0.1 and not lang.chars_per_word:
        # Producers truncate long standfirsts; the seed's ellipsis is mojibake,
        # which the importer must repair, so a fifth of these carry it too.
        cut = " ".join(lead.split()[: rng.randint(8, 20)]).rstrip(",.")
        description = cut + (MOJIBAKE if roll < 0.02 else "…")

    category = _pick(rng, _CATEGORIES, _CATEGORY_CUM)
    k = rng.randint(3, 8)
    # The category code usually doubles as the first tag, as in the seed.
    candidates = [category] if rng.random() < 0.7 else []
    candidates += rng.choices(TAGS, cum_weights=TAG_CUM_WEIGHTS, k=k + 4)
    tags = list(dict.fromkeys(candidates))[:k]
    while len(tags) < k:  # rare: the same popular tags were drawn repeatedly
        tag = rng.choice(TAGS)
        if tag not in tags:
            tags.append(tag)

    sentiment = _pick(rng, _SENTIMENTS, _SENTIMENT_CUM)
    roll = rng.random()
    if roll < 0.25:
        score = 0
    elif roll < 0.6:
        score = rng.randint(1, 12)
    else:
        score = round(rng.uniform(0.1, 15), 2)

    photo = f"photo-{rng.randrange(1420070400000, 1735689600000)}-"
    photo += f"{rng.getrandbits(48):012x}"
    # Unsplash's ixid encodes the fetch time, a few seconds before updatedAt.
    ixid_raw = f"3|824360|0|1|random|||||||||{updated - rng.randrange(5, 60)}|"
    ixid = base64.b64encode(ixid_raw.encode()).decode().rstrip("=")

    meta: dict = {
        "title": title,
        "description": description,
        "publishedAt": _timestamp(published),
        "updatedAt": updated_at,
        "lang": lang.code,
        "externalId": external_id,
        "source": {"name": name, "key": key, "type": source_type},
        "category": category,
        "tags": tags,
        "stickyWeight": rng.randint(1, 10) if rng.random() < PINNED_RATE else 0,
    }
    if sentiment is not None:
        meta["sentiment"] = sentiment
    meta["score"] = score
    meta["draft"] = draft
    meta["coverImage"] = _cover_image(photo, ixid)
    meta["ai"] = {
        "rewritten": rng.random() < 0.8,
        "expandedAt": updated_at,
        "version": rng.choice((1, 1, 1, 2)),
    }
    # The last paragraph or list overshoots the target by up to ~180 words.
    body = writer.body(lead, rng.randint(300, 1300))
    return f"{index:06d}_{external_id}.md", meta, body


def iter_corpus(count: int, seed: int = 1) -> Iterator[tuple[str, dict, str]]:
    """Yield (file name, frontmatter, body) for articles 0..count-1, in order."""
    rng = Random(seed)
    salt = rng.getrandbits(24)
    for index in range(count):
        yield make_article(rng, index, salt)


def generate_corpus(out_dir: str | Path, count: int, seed: int = 1) -> list[Path]:
    """Write ``count`` articles into ``out_dir`` (created if missing).

    Files are named ``{index:06d}_{externalId}.md``; same-named files are
    overwritten, other files are left alone. Returns the paths in order.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, meta, body in iter_corpus(count, seed):
        path = out / name
        # Bytes, not text mode: no newline translation, identical on any OS.
        path.write_bytes(render(meta, body).encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus",
        description=(
            "Write a deterministic corpus of synthetic Newsroom articles (markdown "
            "with YAML frontmatter, named NNNNNN_<externalId>.md) for benchmarks "
            "and large-import tests."
        ),
    )
    parser.add_argument(
        "out_dir", metavar="OUT_DIR", help="directory to write into (created)"
    )
    parser.add_argument(
        "--count",
        type=int,
        default=1000,
        metavar="N",
        help="number of articles to write (default: 1000)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="random seed; the same N and S give byte-identical files (default: 1)",
    )
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be >= 0")

    started = time.perf_counter()
    paths = generate_corpus(args.out_dir, args.count, args.seed)
    elapsed = time.perf_counter() - started
    size_mb = sum(p.stat().st_size for p in paths) / 1e6
    print(
        f"Wrote {len(paths)} files ({size_mb:.1f} MB) to {args.out_dir} "
        f"in {elapsed:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
