"""The agent's own sentences in six languages: result headers, constraint summaries, acknowledgements and
the friendly messages for bad input. Kept as data so a translation fix is a one-line change."""

from __future__ import annotations

from .locale import category_name
from .request import Request

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "results": "Here are {n} picks{summary}:",
        "nothing": "I found nothing that fits{summary}. Try dropping a constraint.",
        "empty": 'Tell me what you would like to watch, for example "a 90s animated comedy, nothing scary".',
        "no_items": 'I have not shown anything yet. Ask for something first, for example "a funny 80s movie".',
        "bad_number": 'There is no #{n}: I showed {count} items. Ask for example "why #1?".',
        "which": 'Which one? Say for example "why #2?".',
        "liked": "Noted, you liked {title}. I will lean that way.",
        "disliked": "Got it, {title} is not for you. I will steer away from it.",
        "more_like": "More like {title}:",
        "reset": "Starting over. What would you like?",
        "truncated": "(Your message was long; I read the first {limit} characters.)",
        "unknown": "({names}: not a category in this catalog, so I searched by text.)",
        "no": "no {x}",
        "chat": 'I recommend movies. Tell me what you like, for example "a 90s animated comedy, nothing scary".',
    },
    "zh": {
        "results": "为你推荐 {n} 部{summary}：",
        "nothing": "没有找到符合{summary}的作品，试试减少一些条件。",
        "empty": "告诉我你想看什么，例如“90年代的动画喜剧，不要恐怖的”。",
        "no_items": "我还没有推荐任何作品。先告诉我你想看什么，例如“80年代的喜剧”。",
        "bad_number": "没有第{n}部：我推荐了{count}部。可以问“为什么推荐第1部？”。",
        "which": "哪一部？例如问“为什么推荐第2部？”。",
        "liked": "记下了，你喜欢{title}。我会多推荐类似的。",
        "disliked": "明白了，{title}不适合你。我会避开类似的。",
        "more_like": "更多类似{title}的：",
        "reset": "重新开始。你想看什么？",
        "truncated": "（你的消息很长，我只读了前{limit}个字符。）",
        "unknown": "（{names}不是这个目录里的类别，我按文字搜索了。）",
        "no": "不要{x}",
        "chat": "我可以推荐电影。告诉我你的喜好，例如“90年代的动画喜剧，不要恐怖的”。",
    },
    "es": {
        "results": "Aquí tienes {n} recomendaciones{summary}:",
        "nothing": "No encontré nada que encaje{summary}. Prueba a quitar alguna condición.",
        "empty": "Dime qué te apetece ver, por ejemplo «una comedia animada de los 90, nada de miedo».",
        "no_items": "Todavía no te he mostrado nada. Pide algo primero, por ejemplo «una comedia de los 80».",
        "bad_number": "No hay un n.º {n}: te mostré {count}. Pregunta por ejemplo «¿por qué la 1?».",
        "which": "¿Cuál? Pregunta por ejemplo «¿por qué la 2?».",
        "liked": "Anotado, te gustó {title}. Iré en esa dirección.",
        "disliked": "Entendido, {title} no es para ti. Evitaré cosas parecidas.",
        "more_like": "Más como {title}:",
        "reset": "Empezamos de nuevo. ¿Qué te apetece?",
        "truncated": "(Tu mensaje era largo; leí los primeros {limit} caracteres.)",
        "unknown": "({names}: no es una categoría de este catálogo; busqué por texto.)",
        "no": "sin {x}",
        "chat": "Recomiendo películas. Dime qué te gusta, por ejemplo «una comedia animada de los 90, nada de miedo».",
    },
    "fr": {
        "results": "Voici {n} suggestions{summary} :",
        "nothing": "Je n'ai rien trouvé qui corresponde{summary}. Essayez avec moins de critères.",
        "empty": "Dites-moi ce que vous aimeriez voir, par exemple « une comédie animée des années 90, rien d'effrayant ».",
        "no_items": "Je n'ai encore rien proposé. Demandez d'abord quelque chose, par exemple « une comédie des années 80 ».",
        "bad_number": "Il n'y a pas de n° {n} : j'en ai proposé {count}. Demandez par exemple « pourquoi le 1 ? ».",
        "which": "Lequel ? Demandez par exemple « pourquoi le 2 ? ».",
        "liked": "C'est noté, vous avez aimé {title}. J'irai dans ce sens.",
        "disliked": "Compris, {title} n'est pas pour vous. J'éviterai ce genre.",
        "more_like": "Plus dans le genre de {title} :",
        "reset": "On recommence. Qu'aimeriez-vous voir ?",
        "truncated": "(Votre message était long ; j'ai lu les {limit} premiers caractères.)",
        "unknown": "({names} : pas une catégorie de ce catalogue, j'ai cherché par le texte.)",
        "no": "sans {x}",
        "chat": "Je recommande des films. Dites-moi ce que vous aimez, par exemple « une comédie animée des années 90 ».",
    },
    "de": {
        "results": "Hier sind {n} Vorschläge{summary}:",
        "nothing": "Ich habe nichts gefunden, das passt{summary}. Lass eine Bedingung weg.",
        "empty": "Sag mir, was du sehen möchtest, zum Beispiel „eine animierte Komödie aus den 90ern, nichts Gruseliges“.",
        "no_items": "Ich habe noch nichts vorgeschlagen. Frag zuerst nach etwas, zum Beispiel „eine Komödie aus den 80ern“.",
        "bad_number": "Es gibt keine Nr. {n}: Ich habe {count} gezeigt. Frag zum Beispiel „warum Nr. 1?“.",
        "which": "Welchen? Frag zum Beispiel „warum Nr. 2?“.",
        "liked": "Notiert, dir gefiel {title}. Ich gehe in diese Richtung.",
        "disliked": "Verstanden, {title} ist nichts für dich. Ich meide Ähnliches.",
        "more_like": "Mehr wie {title}:",
        "reset": "Wir fangen neu an. Was möchtest du sehen?",
        "truncated": "(Deine Nachricht war lang; ich habe die ersten {limit} Zeichen gelesen.)",
        "unknown": "({names}: keine Kategorie in diesem Katalog, ich habe nach Text gesucht.)",
        "no": "ohne {x}",
        "chat": "Ich empfehle Filme. Sag mir, was du magst, zum Beispiel „eine animierte Komödie aus den 90ern“.",
    },
    "ja": {
        "results": "{summary}おすすめを{n}本どうぞ：",
        "nothing": "{summary}条件に合う作品が見つかりませんでした。条件を減らしてみてください。",
        "empty": "見たいものを教えてください。例：「90年代のアニメのコメディ、怖くないもの」。",
        "no_items": "まだ何もおすすめしていません。まず「80年代のコメディ」のように聞いてください。",
        "bad_number": "{n}番はありません。{count}本を紹介しました。「1番はなぜ？」のように聞いてください。",
        "which": "どれですか？「2番はなぜ？」のように聞いてください。",
        "liked": "{title}が気に入ったのですね。似た作品を優先します。",
        "disliked": "了解です。{title}は合わなかったのですね。似た作品は避けます。",
        "more_like": "{title}に似た作品：",
        "reset": "最初からやり直します。何が見たいですか？",
        "truncated": "（メッセージが長いため、最初の{limit}文字だけ読みました。）",
        "unknown": "（{names}はこのカタログのカテゴリーではないので、テキストで検索しました。）",
        "no": "{x}なし",
        "chat": "映画をおすすめします。「90年代のアニメのコメディ」のように好みを教えてください。",
    },
}


def say(language: str, key: str, **values: object) -> str:
    table = TEXT.get(language, TEXT["en"])
    return table[key].format(**values)


def summary(request: Request, language: str) -> str:
    """The constraints in a few words: "comedy, 1990-1999, no horror" (empty when there are none)."""
    parts = [category_name(c, language) for c in request.include]
    if request.year_min or request.year_max:
        lo, hi = request.year_min or "…", request.year_max or "…"
        parts.append(f"{lo}–{hi}" if lo != hi else str(lo))
    parts += [say(language, "no", x=category_name(c, language)) for c in request.exclude]
    parts += list(request.keywords)
    if not parts:
        return ""
    sep = "、" if language in ("zh", "ja") else ", "
    text = sep.join(parts)
    if language == "zh":
        return f"（{text}）"
    if language == "ja":
        return f"{text}の"
    return f" ({text})"
