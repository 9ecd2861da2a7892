"""The 2015 programme with its story in English, Indonesian and Korean."""

from partnership.models import Programme

from . import PROGRAMME_SLUG

NAME = "Kemitraan UKM ASEIC – Kemenkop UKM"
NAME_EN = "ASEIC – Kemenkop UKM SME Partnership"
NAME_KO = "ASEIC – 인도네시아 협동조합중소기업부 중소기업 파트너십"

STORY_EN = """\
In 2015 Indonesia's Ministry of Cooperatives and SMEs (Kemenkop UKM) and the ASEM SMEs \
Eco-Innovation Center (ASEIC) in Korea started a partnership that connects Indonesian small and \
medium enterprises with Korean SMEs. One hundred verified firms from the metal, mechanical, IT \
components, software and food-processing industries make up the programme's roster of candidates.

A Korean team visits and surveys the candidates in stages of twenty firms. The first stage covers \
Kabupaten and Kota Bogor and the province of Banten; it opened with a pilot visit to PT Swen \
Inovasi Transfer, a maker of fibreglass biogas digesters in Ciomas, on 8 April 2015. The firms \
selected are matched with Korean partners for technology transfer, investment, training and staff \
exchange, so that they produce more and reach international markets."""

STORY_ID = """\
Pada tahun 2015 Kementerian Koperasi dan UKM (Kemenkop UKM) bersama ASEM SMEs Eco-Innovation \
Center (ASEIC) dari Korea memulai program kemitraan yang mempertemukan usaha kecil dan menengah \
Indonesia dengan UKM Korea. Seratus UKM terverifikasi dari industri logam, permesinan, komponen \
TI, perangkat lunak, dan pengolahan makanan menjadi daftar kandidat program ini.

Tim Korea mengunjungi dan menyurvei para kandidat secara bertahap, dua puluh UKM per tahap. \
Tahap pertama mencakup Kabupaten dan Kota Bogor serta Provinsi Banten, dan dibuka dengan \
kunjungan percontohan ke PT Swen Inovasi Transfer, produsen digester biogas fiberglass di Ciomas, \
pada 8 April 2015. UKM yang terpilih dipertemukan dengan mitra dari Korea untuk alih teknologi, \
investasi, pelatihan, dan pertukaran tenaga kerja, agar produksinya meningkat dan produknya \
menembus pasar internasional."""

STORY_KO = """\
2015년 인도네시아 협동조합중소기업부(Kemenkop UKM)와 한국의 아셈중소기업친환경혁신센터(ASEIC)는 \
인도네시아 중소기업과 한국 중소기업을 잇는 협력 프로그램을 시작했습니다. 금속, 기계, IT 부품, \
소프트웨어, 식품 가공 분야에서 검증을 마친 인도네시아 기업 100곳이 이 프로그램의 후보 명단을 이룹니다.

한국 조사단은 한 단계에 20개 기업씩 후보 기업을 방문하여 실사합니다. 1단계는 보고르 군·보고르 시와 \
반텐 주의 기업을 대상으로 하며, 2015년 4월 8일 치오마스에 있는 유리섬유 바이오가스 소화조 제조 기업 \
PT Swen Inovasi Transfer 시범 방문으로 시작되었습니다. 선정된 기업은 기술 이전, 투자, 교육 훈련, \
인력 교류를 위해 한국 협력 기업과 연결되어 생산을 늘리고 해외 시장으로 진출합니다."""


def load() -> Programme:
    """Create the programme, or bring its published facts back to the demo's values."""
    programme, _created = Programme.objects.update_or_create(
        slug=PROGRAMME_SLUG,
        defaults=dict(
            name=NAME,
            name_en=NAME_EN,
            name_ko=NAME_KO,
            year=2015,
            capacity=100,
            story_en=STORY_EN,
            story_id=STORY_ID,
            story_ko=STORY_KO,
            is_active=True,
        ),
    )
    return programme
