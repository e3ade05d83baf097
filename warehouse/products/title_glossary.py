"""Foreign job-title words: how a title typed in Spanish, Portuguese, French, German or Italian is read in English.

The search (warehouse.products.search.correct_title) reads a query word that no English title uses through this
glossary before it guesses at the nearest title word: 'Ingeniero' is an engineer, not 'ingenuity'. Pure data and
pure functions: nothing here reads the warehouse.
"""

from __future__ import annotations

import re

# Spanish, Portuguese, French, German and Italian forms of the commonest words in O*NET titles (the most frequent
# title head nouns: engineer, manager, analyst, scientist, teacher, nurse, ...; and the fields that qualify them),
# and of the ranks and fields of research titles ('Investigador Postdoctoral en Biologia'), accents stripped. Used
# only for a query word that no English title uses, so "director" or "civil" never change.
# A form may give two English words where it is both noun and adjective ('quimico': chemist, chemical). The jobs
# come first, the fields after: a title that starts with a job is put in English word order (correct_title).
FOREIGN_JOB_WORDS = """
engineer: ingeniero ingeniera engenheiro engenheira ingenieur ingenieure ingegnere ing
manager: gerente gestor gestora gestionnaire jefe jefa leiter responsabile responsable
developer: desarrollador desarrolladora desenvolvedor desenvolvedora developpeur developpeuse entwickler sviluppatore
programmer: programador programadora programmeur programmeuse programmierer programmatore
analyst: analista analyste
scientist: cientifico cientifica cientista scientifique wissenschaftler scienziato scienziata
researcher: investigador investigadora pesquisador pesquisadora chercheur chercheuse forscher ricercatore ricercatrice
teacher: maestro maestra docente enseignant enseignante lehrer insegnante
professor: profesor profesora professeur professeure professore professoressa catedratico catedratica
nurse: enfermero enfermera enfermeiro enfermeira infirmier infirmiere krankenschwester krankenpfleger pflegefachkraft infermiere infermiera
physician: medico medica medecin arzt
surgeon: cirujano cirujana cirurgiao chirurgien chirurgienne chirurg chirurgo
dentist: dentista dentiste zahnarzt odontologo odontologa
pharmacist: farmaceutico farmaceutica pharmacien pharmacienne apotheker farmacista
psychologist: psicologo psicologa psychologue psychologe
lawyer: abogado abogada advogado advogada avocat avocate rechtsanwalt anwalt avvocato avvocata
accountant: contador contadora contable comptable buchhalter contabile ragioniere
auditor: auditora auditeur auditrice wirtschaftsprufer revisore
economist: economista economiste okonom volkswirt
statistician: estadistico estadistica estatistico estatistica statisticien statisticienne statistiker statistico
mathematician: matematico matematica mathematicien mathematicienne mathematiker
chemist chemical: quimico quimica chimiste chimique chemiker chimico chimica
physicist physical: fisico fisica physicien physicienne physiker
biologist: biologo biologa biologiste biologe
geologist: geologo geologa geologue geologe
agronomist: agronomo agronoma agronome
computer scientist: informatiker
architect: arquitecto arquitecta arquiteto arquiteta architecte architekt architetto
technician: tecnico tecnica technicien technicienne techniker
specialist: especialista specialiste spezialist specialista
consultant: consultor consultora consultante berater consulente
advisor: asesor asesora assessor assessora conseiller conseillere
designer: disenador disenadora projetista desenhista concepteur conceptrice gestalter progettista
administrator: administrador administradora administrateur administratrice amministratore
coordinator: coordinador coordinadora coordenador coordenadora coordinateur coordinatrice koordinator coordinatore
salesperson sales: vendedor vendedora vendeur vendeuse verkaufer venditore ventas vendas ventes vertrieb vendite
driver: chofer motorista conducteur fahrer autista
cook: cocinero cocinera cozinheiro cozinheira cuisinier cuisiniere koch cuoco cuoca
mechanic mechanical: mecanico mecanica mecanique mechaniker meccanico meccanica
electrician: electricista eletricista electricien electricienne elektriker elettricista
leader: lider
associate: asociado asociada associado associada associe associee
assistant: asistente assistente
fellow: becario becaria bolsista boursier boursiere stipendiat borsista
student: estudiante estudante etudiant etudiante studente studentessa
""".strip()
FOREIGN_FIELD_WORDS = """
researcher research: investigacion pesquisa recherche forschung ricerca
electrical electric: electrico electrica eletrico eletrica electrique elektrisch elektro elettrico elettrica
electronic: electronico electronica eletronico eletronica electronique elektronik elettronico elettronica
graphic: grafico grafica graphique grafisch
software: logiciel logiciels
data: datos dados donnees daten dati
computer: informatica informatico computacion computacao informatique informatik
technology: tecnologia tecnologico technologie technologique tecnologie
systems: sistemas systemes systeme
network: redes reseau reseaux netzwerk rete
security: seguridad seguranca securite sicherheit sicurezza
project: proyecto proyectos projeto projetos projet projets projekt progetto
quality: calidad qualidade qualite qualitat qualita
production: produccion producao fertigung produzione
maintenance: mantenimiento manutencao entretien wartung manutenzione
finance financial: finanzas financiero financiera financeiro financeira finanzen finanziario
marketing: mercadeo mercadotecnia
business: negocios negocio empresa entreprise unternehmen azienda wirtschaft
health: salud saude sante gesundheit salute
medical: medicina medizinisch
environmental: ambiental environnemental umwelt ambientale
industrial: industrielle
civil: zivil
mechanical: maschinenbau
aerospace: aeroespacial aerospatial aerospatiale luftfahrt aerospaziale
biomedical: biomedico biomedica biomedicale biomedizinisch
team: equipo equipe
school: escuela escola ecole schule scuola
university postsecondary: universidad universidade universite universitat universita universitario universitaria
laboratory: laboratorio laboratoire
clinical: clinico clinica clinique klinisch klinische
postdoctoral: posdoctoral postdoctorant postdoctorante postdoktorand postdottorato posdoutorando posdoutorado
graduate: doctorando doctoranda doutorando doutoranda doctorant doctorante doktorand dottorando dottoranda doctorado doutorado doctorat doktorat dottorato
biology biological: biologia biologie
chemistry: chimie chemie
physics: physique physik
mathematics: matematicas mathematiques mathematik matematiche
statistics: estadisticas statistique statistik statistiche
economics: economia economie volkswirtschaft wirtschaftswissenschaften
medicine: medecine medizin
internal: interna interno interne innere
engineering: ingenieria engenharia ingenierie ingegneria genie
neuroscience: neurociencia neurociencias neurosciences neurowissenschaften neuroscienze
genetics: genetica genetique genetik
pharmacology: farmacologia pharmacologie pharmakologie
psychology: psicologia psychologie
robotics: robotica robotique robotik
bioinformatics: bioinformatica bioinformatique bioinformatik
materials: materiales materiais materiaux werkstoffe materiali
semiconductor: semiconductores semicondutor semicondutores semiconducteur semiconducteurs halbleiter semiconduttore semiconduttori
energy: energia energie
renewable: renovable renovables renovavel renovaveis renouvelable renouvelables erneuerbare rinnovabile rinnovabili
nursing: enfermeria enfermagem krankenpflege infermieristica
education: educacion educacao enseignement bildung istruzione
law: derecho direito droit diritto
development: desarrollo desenvolvimento developpement entwicklung sviluppo
electrical engineering: elektrotechnik
""".strip()


def _glossary(text: str, separator: str | None = None) -> dict[str, str]:
    """{foreign form: English} from lines 'english: form form ...' (forms split on `separator`, default
    whitespace); the first line that lists a form wins."""
    found = {}
    for line in text.splitlines():
        english, forms = line.split(":")
        for form in forms.split(separator):
            found.setdefault(form.strip(), english.strip())
    return found


GLOSSARY = _glossary(FOREIGN_JOB_WORDS + "\n" + FOREIGN_FIELD_WORDS)
# The forms that name a job by one English noun: 'Tecnico Electricista' is two of them side by side (an
# electrician), where in 'Ingeniero Civil' only the first is.
JOB_WORDS = frozenset(form for form, english in _glossary(FOREIGN_JOB_WORDS).items() if " " not in english)

# The fields NIW petitioners' titles name, and the research ranks that are phrases, as Spanish, Portuguese, French,
# Italian and German write them (accents stripped, '|' between forms). Read as whole phrases, before the words: word
# by word, 'intelligence artificielle' is 'intelligence' (Detectives and Criminal Investigators' "Intelligence
# Research Specialist") and a word no title uses, 'aprendizaje automatico' is 'automatic', and a 'Chef de projet'
# is a cook.
FOREIGN_TITLE_PHRASES = """
artificial intelligence: inteligencia artificial | intelligence artificielle | intelligenza artificiale | kunstliche intelligenz | ki
machine learning: aprendizaje automatico | aprendizaje de maquina | aprendizado de maquina | aprendizagem automatica | apprentissage automatique | apprendimento automatico | maschinelles lernen
deep learning: aprendizaje profundo | aprendizado profundo | apprentissage profond | apprendimento profondo
data science: ciencia de datos | ciencia de dados | ciencia dos dados | science des donnees | scienza dei dati | datenwissenschaft
computer vision: vision por computadora | vision por computador | visao computacional | vision par ordinateur | vision artificielle | visione artificiale | maschinelles sehen
natural language processing: procesamiento de lenguaje natural | procesamiento del lenguaje natural | processamento de linguagem natural | traitement du langage naturel | traitement automatique des langues | elaborazione del linguaggio naturale
project manager: chef de projet | chef de projets
team leader: chef d equipe
research scientist: charge de recherche | chargee de recherche
associate professor: maitre de conferences
research associate: wissenschaftlicher mitarbeiter | wissenschaftliche mitarbeiterin
""".strip()
FOREIGN_PHRASES = _glossary(FOREIGN_TITLE_PHRASES, "|")
FOREIGN_PHRASE_RE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, FOREIGN_PHRASES), key=len, reverse=True)) + r")\b"
)


# The words that join a job to its field in Spanish, Portuguese, French and Italian titles ('Ingeniero de
# Software', 'Chercheur en ...'): never an English title's second word, so a title whose second word is one of them
# is put in English order even when its job is also an English word ('Director de Tecnologia').
FOREIGN_OF = frozenset(re.findall(r"[a-z]+", "de da do das dos des du del della delle dei degli di en em"))
# ... and with the articles and conjunctions, the words dropped when a title is put in English order.
FOREIGN_LINKS = FOREIGN_OF | frozenset(
    re.findall(r"[a-z]+", "in a al au aux la le les el l d y e et und der fur von zum zur im")
)
# Ranks are jobs when they come first ('Asistente de Investigacion': research assistant) and qualify the job when
# they follow it ('Profesor Asociado': associate professor).
RANKS = frozenset({"associate", "assistant"})


# German names a woman in a job with -in and women, or everyone, with -innen: 'Entwicklerin' of 'Entwickler',
# 'Biologin' of 'Biologe', 'Ingenieurinnen'. Read as the glossary's form, so each job is listed once.
_FEMININE = ("innen", "in")


def glossary_form(word: str) -> str | None:
    """The GLOSSARY form `word` is, or is the plural ('procesos', 'profesores') or German feminine ('entwicklerin',
    'biologin') of, if any."""
    for form in (word, word.removesuffix("s"), word.removesuffix("es")):
        if form in GLOSSARY:
            return form
    for ending in _FEMININE:
        stem = word.removesuffix(ending)
        if stem != word and len(stem) >= 4:
            for form in (stem, stem + "e"):
                if form in GLOSSARY:
                    return form
    return None


# The marks German, Austrian and French job ads put after a title to say it is open to every gender: '(m/w/d)',
# '(w/m/x)', '(H/F)', '(all genders)', '(gn)'; and a German degree before an engineer's title: 'Dipl.-Ing.',
# 'Dr.-Ing.' ('Ing.' is read as the job). Dropped before the title is read: as words the marks are single letters
# ('Softwareentwicklerin (m/w/d)' matched nothing), and 'Dipl' is nearest to 'dip'.
_NOT_THE_JOB = re.compile(
    r"\(\s*(?:all genders|gn|[mwfhdx](?:\s*[/|,]\s*(?:[mwfhdx]|div))+)\s*\)"
    r"|(?<![\w/])[mwfh]\s*/\s*[mwfh](?:\s*/\s*[dx])?(?![\w/])"
    r"|\b(?:dipl|dr)\.?\s*-\s*(?=[a-z])",
    re.IGNORECASE,
)


def without_marks(title: str) -> str:
    """`title` without the marks that say nothing of the job (_NOT_THE_JOB)."""
    return _NOT_THE_JOB.sub(" ", title)


def job_first(typed: list[str], used: list[str]) -> bool:
    """Whether a title of two or more words names its job first, as Romance languages do: its first word is a
    foreign job (translated) not followed by another job in apposition ('Tecnico Electricista' is an electrician),
    or its second word is a foreign 'of' and a word of it was translated ('Director de Tecnologia', not the English
    'Chef de Cuisine')."""
    if typed[1] in FOREIGN_OF:
        return len(typed) > 2 and used != typed
    first, second = glossary_form(typed[0]), glossary_form(typed[1])
    apposed = second in JOB_WORDS and GLOSSARY[second] not in RANKS
    return first in JOB_WORDS and used[0] != typed[0] and not apposed


def compound(word: str, known: dict[str, int]) -> str | None:
    """A compound of two title words or GLOSSARY forms, as German writes titles ('softwareentwickler' ->
    'software developer', 'datenanalyst' -> 'data analyst'), each part 4+ letters (a German linking 's' between
    them allowed: 'sicherheitsingenieur' -> 'security engineer'); of several splits, the one whose first words are
    the most common in titles. None if there is no such split."""
    splits = []
    for cut in range(4, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        if head not in known and head not in GLOSSARY and head.endswith("s") and len(head) > 4:
            head = head[:-1]  # the linking s of 'Sicherheitsingenieur'
        parts = [english_word(part, known) for part in (head, tail)]
        if all(parts):
            splits.append((sum(known.get(p.split()[0], 0) for p in parts), f"{parts[0]} {parts[1]}"))
    return max(splits)[1] if splits else None


def english_word(part: str, known: dict[str, int]) -> str | None:
    """A word (or a compound's part) in English: its glossary word ('entwicklerin': developer), or the title word
    (of `known`) it is or is the German feminine of ('managerin': 'manager'), or None."""
    if (form := glossary_form(part)) is not None:
        return GLOSSARY[form]
    stems = (part, *(part.removesuffix(end) for end in _FEMININE if part.endswith(end)))
    return next((stem for stem in stems if len(stem) >= 4 and stem in known), None)
