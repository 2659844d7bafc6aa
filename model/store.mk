# model/store and model/history (appended to libmodel.a).
